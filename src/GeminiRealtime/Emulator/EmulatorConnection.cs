using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Emulator.Transport;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The HTTP side of one accepted connection: route the request, answer anything else than a WebSocket upgrade on a
    /// served path with 404 and a Google-style JSON error, otherwise upgrade (credentials are judged after the first
    /// frame, as the service does) and run the <see cref="EmulatorSession"/>.
    /// </summary>
    internal static class EmulatorConnection
    {
        public const string NotFoundContentType = "application/json; charset=UTF-8";

        public static async Task RunAsync(GeminiEmulator emulator, UpgradeRequest request, long connectionId, CancellationToken stopping)
        {
            string path = EmulatorCredentials.RedactTarget(request.RawTarget);
            var log = new EmulatorFaultLog(new EmulatorConnectionLog(emulator.TrafficLog, connectionId, path, EmulatorCredentials.RedactHeaders(request.Headers)), emulator.Faults);
            using (request)
            {
                try
                {
                    log.Http(request.Method + " " + path + " " + request.HttpVersion);
                    if (request.Method == "POST") { await Rest.EmulatorRestRouter.AnswerAsync(emulator, request, log, stopping).ConfigureAwait(false); return; }
                    EmulatorRoute? route = EmulatorRoute.Match(request.Path);
                    if (route == null || !request.IsWebSocketUpgrade)
                    {
                        string body = NotFoundBody(request.Path, route != null);
                        await request.RejectAsync(404, "Not Found", NotFoundContentType, body, stopping).ConfigureAwait(false);
                        log.Http("404 Not Found " + body);
                        return;
                    }

                    EmulatorRejection? credentials = EmulatorCredentials.Check(route, request.Headers, request.Query, request.RawTarget, emulator.Settings.ApiKey, emulator.Tokens, out Rest.EmulatorTokenStore.Grant? grant);
                    ServerWebSocket socket = await request.AcceptWebSocketAsync(stopping).ConfigureAwait(false);
                    log.Http("101 Switching Protocols");
                    var session = new EmulatorSession(emulator, connectionId, socket, route, credentials, log, grant);
                    log.Attach(session, session.EndingToken);
                    emulator.Register(session);
                    try
                    {
                        await session.RunAsync().ConfigureAwait(false);
                    }
                    finally
                    {
                        emulator.Unregister(session);
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    log.Http("dropped: the emulator is stopping");
                }
                catch (Exception ex)
                {
                    // One bad client must never take the emulator down: log it and move on.
                    log.Error("connection", ex);
                }
            }
        }

        /// <summary>
        /// <c>{"error":{"code":404,"message":…,"status":"NOT_FOUND"}}</c>, pretty-printed as Google's REST errors are. The
        /// message names the path only (never the query, which may hold a key).
        /// </summary>
        internal static string NotFoundBody(string path, bool servedPath)
        {
            string message = servedPath
                ? "The requested URL " + path + " accepts WebSocket upgrade requests only."
                : "The requested URL " + path + " was not found on this server.";
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                writer.WriteStartObject();
                writer.WriteStartObject("error");
                writer.WriteNumber("code", 404);
                writer.WriteString("message", message);
                writer.WriteString("status", "NOT_FOUND");
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n") + "\n";
        }
    }
}
