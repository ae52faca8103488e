using System;
using System.Collections.Generic;
using System.Globalization;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>Writes one connection's traffic into the emulator's <see cref="EmulatorTrafficLog"/> (secrets already redacted).</summary>
    internal sealed class EmulatorConnectionLog : IEmulatorSessionLog
    {
        private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

        private readonly EmulatorTrafficLog _log;
        private readonly long _connectionId;
        private readonly string _path;
        private readonly IReadOnlyDictionary<string, string> _headers;

        public EmulatorConnectionLog(EmulatorTrafficLog log, long connectionId, string redactedPath, IReadOnlyDictionary<string, string>? redactedHeaders)
        {
            _log = log;
            _connectionId = connectionId;
            _path = redactedPath;
            _headers = redactedHeaders ?? NoHeaders;
        }

        public void Received(ReadOnlyMemory<byte> payload, bool binary)
        {
            if (!_log.Enabled) return;
            Add(EmulatorTrafficDirection.ClientToServer, null, payload.ToArray(), binary);
        }

        public void Sent(byte[] frame) => Add(EmulatorTrafficDirection.ServerToClient, null, frame, isBinary: true);

        public void Closing(int code, string reason) =>
            Add(EmulatorTrafficDirection.Close, "close " + code.ToString(CultureInfo.InvariantCulture) + " " + ServiceReasons.Truncate(reason), null, false);

        public void ClientClosed(int? code, string? reason) =>
            Add(EmulatorTrafficDirection.Close, "client close " + (code?.ToString(CultureInfo.InvariantCulture) ?? "1005") + (string.IsNullOrEmpty(reason) ? string.Empty : " " + reason), null, false);

        public void Http(string text) => Add(EmulatorTrafficDirection.Http, text, null, false);

        public void Error(string where, Exception exception) =>
            Add(EmulatorTrafficDirection.Error, where + ": " + exception.GetType().FullName + ": " + exception.Message, null, false);

        private void Add(EmulatorTrafficDirection direction, string? text, byte[]? utf8, bool isBinary) =>
            _log.Add(new EmulatorTrafficRecord(_connectionId, direction, DateTimeOffset.UtcNow, _path, _headers, text, utf8, isBinary));
    }
}
