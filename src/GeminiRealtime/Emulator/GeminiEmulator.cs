using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Emulator.Transport;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// An in-process, strict emulator of the Gemini Live API (<c>BidiGenerateContent</c>) on 127.0.0.1, which official SDKs
    /// can talk to unchanged: give them <see cref="Endpoint"/> as base URL (the JS SDK turns <c>http:</c> into <c>ws:</c>).
    /// Each connection runs on its own task; a failing client never stops the accept loop (failures are in
    /// <see cref="Traffic"/> as <see cref="EmulatorTrafficDirection.Error"/>). What the "model" answers is documented at the
    /// top of <c>EmulatorModel.cs</c>.
    /// </summary>
    public sealed class GeminiEmulator : IAsyncDisposable
    {
        private readonly WebSocketListener _listener;
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly TaskCompletionSource<bool> _completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentDictionary<long, EmulatorSession> _sessions = new ConcurrentDictionary<long, EmulatorSession>();
        private readonly ConcurrentDictionary<long, Task> _connections = new ConcurrentDictionary<long, Task>();
        private readonly EmulatorConnectionLog _serverLog;
        private readonly object _stopGate = new object();
        private readonly TaskCompletionSource<bool> _acceptLoopDone = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task? _stopTask;
        private Exception? _listenerFailure;
        private int _activeSessions;
        private long _totalConnections;
        private long _generateContentRequests;

        private GeminiEmulator(EmulatorOptions settings, EmulatorModelTable models, WebSocketListener listener)
        {
            Settings = settings;
            Options = settings.Clone();
            ModelTable = models;
            _listener = listener;
            Port = listener.Port;
            Endpoint = new Uri("http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/");
            WebSocketBase = new Uri("ws://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/");
            StartedAt = DateTimeOffset.UtcNow;
            TrafficLog = new EmulatorTrafficLog(settings.RecordTraffic);
            Resumption = new EmulatorResumptionStore(lifetime: TimeSpan.FromSeconds(settings.HandleLifetimeSeconds));
            Faults = new EmulatorFaults(settings);
            _serverLog = new EmulatorConnectionLog(TrafficLog, 0, string.Empty, null);
            _ = Task.Run(AcceptLoopAsync);
        }

        /// <summary>
        /// Validates <paramref name="options"/>, binds 127.0.0.1 and starts accepting; it is listening when this returns.
        /// The options are copied: later changes to <paramref name="options"/> have no effect.
        /// </summary>
        /// <exception cref="ArgumentException">An option is out of range, or <see cref="EmulatorOptions.Models"/> holds an empty, malformed or retired id.</exception>
        /// <exception cref="System.Net.Sockets.SocketException">The port is taken.</exception>
        public static GeminiEmulator Start(EmulatorOptions options)
        {
            if (options == null) throw new ArgumentNullException(nameof(options));
            EmulatorOptions settings = options.Clone();
            if (settings.Port < IPEndPoint.MinPort || settings.Port > IPEndPoint.MaxPort)
            {
                throw new ArgumentOutOfRangeException(nameof(options), settings.Port, "Port must be between 0 and 65535.");
            }
            if (double.IsNaN(settings.TimeScale) || double.IsInfinity(settings.TimeScale) || settings.TimeScale < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), settings.TimeScale, "TimeScale must be a finite number, 0 or more.");
            }
            if (settings.MaxConcurrentSessions < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), settings.MaxConcurrentSessions, "MaxConcurrentSessions must be 0 (unlimited) or more.");
            }
            if (settings.MaxMessageBytes < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(options), settings.MaxMessageBytes, "MaxMessageBytes must be positive.");
            }
            if (!(settings.LifetimeSeconds >= 0) || !(settings.GoAwaySeconds >= 0) || !(settings.HandleLifetimeSeconds > 0) || double.IsInfinity(settings.LifetimeSeconds)
                || settings.DropEvery < 0 || settings.FailEvery < 0 || settings.StallEvery < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "LifetimeSeconds, GoAwaySeconds, DropEvery, FailEvery and StallEvery must be 0 or more; HandleLifetimeSeconds must be positive.");
            }
            if (settings.FailWith < 1000 || settings.FailWith > 4999)
            {
                throw new ArgumentOutOfRangeException(nameof(options), settings.FailWith, "FailWith must be a WebSocket close code (1000-4999).");
            }
            if (settings.ApiKey != null && settings.ApiKey.Trim().Length == 0)
            {
                throw new ArgumentException("ApiKey must be null (any key) or a non-empty key.", nameof(options));
            }

            EmulatorModelTable models = EmulatorModelTable.ForServedIds(settings.Models);
            WebSocketListener listener = WebSocketListener.Start(IPAddress.Loopback, settings.Port);
            return new GeminiEmulator(settings, models, listener);
        }

        /// <summary><c>http://127.0.0.1:&lt;port&gt;/</c>: the base URL for our client and the official SDKs.</summary>
        public Uri Endpoint { get; }

        /// <summary><c>ws://127.0.0.1:&lt;port&gt;/</c>.</summary>
        public Uri WebSocketBase { get; }

        public int Port { get; }

        /// <summary>The ephemeral tokens issued by <c>POST /v1alpha/auth_tokens</c>; the Constrained path accepts only these.</summary>
        internal Rest.EmulatorTokenStore Tokens { get; } = new Rest.EmulatorTokenStore();

        /// <summary>A copy of the options the emulator was started with.</summary>
        public EmulatorOptions Options { get; }

        public DateTimeOffset StartedAt { get; }

        /// <summary>Sessions past <c>setup</c> and still open (what <see cref="EmulatorOptions.MaxConcurrentSessions"/> caps).</summary>
        public int ActiveSessions => Volatile.Read(ref _activeSessions);

        /// <summary>Connections accepted so far (every HTTP request that reached the emulator, upgrades or not).</summary>
        public long TotalConnections => Interlocked.Read(ref _totalConnections);

        /// <summary>
        /// A snapshot of the last 10,000 traffic records (frames, HTTP, closes, errors), oldest first. Empty of frames when
        /// <see cref="EmulatorOptions.RecordTraffic"/> is off (errors are always kept).
        /// </summary>
        public IReadOnlyList<EmulatorTrafficRecord> Traffic => TrafficLog.Snapshot();

        /// <summary>True from <see cref="Start"/> until <see cref="StopAsync"/> begins (or the listening socket fails).</summary>
        public bool IsRunning => !_stopping.IsCancellationRequested;

        /// <summary>
        /// Completes once the emulator has stopped (after <see cref="StopAsync"/> / <see cref="DisposeAsync"/>); faults if the
        /// listening socket itself failed.
        /// </summary>
        public Task Completion => _completion.Task;

        internal EmulatorOptions Settings { get; }

        /// <summary>How long a closing session's queued messages and close handshake may take before its socket is dropped.</summary>
        internal TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(5);

        internal EmulatorModelTable ModelTable { get; }

        internal EmulatorTrafficLog TrafficLog { get; }

        internal EmulatorResumptionStore Resumption { get; }

        internal EmulatorFaults Faults { get; }

        /// <summary>Connections dropped without a close frame by <see cref="EmulatorOptions.DropEvery"/>.</summary>
        public long InjectedDrops => Interlocked.Read(ref Faults.Drops);

        /// <summary>Closes made by <see cref="EmulatorOptions.FailEvery"/>.</summary>
        public long InjectedFailures => Interlocked.Read(ref Faults.Failures);

        /// <summary>User turns left unanswered by <see cref="EmulatorOptions.StallEvery"/>.</summary>
        public long InjectedStalls => Interlocked.Read(ref Faults.Stalls);

        /// <summary><c>goAway</c> messages sent at the end of connection lifetimes.</summary>
        public long GoAwaysSent => Interlocked.Read(ref Faults.GoAways);

        /// <summary>REST <c>generateContent</c> requests answered with 200 (a reply of the text model; refusals not counted).</summary>
        public long GenerateContentRequests => Interlocked.Read(ref _generateContentRequests);

        internal void CountGenerateContent() => Interlocked.Increment(ref _generateContentRequests);

        /// <summary>
        /// Stops accepting, closes every session with <b>1000 "The operation was cancelled."</b> (what Vertex AI sends at
        /// its lifetime cap: clients treat it as "reconnect with the handle") after its queued messages, waits for the
        /// connections to end (each bounded by the close handshake and a 5 s flush limit), then releases the port and
        /// completes <see cref="Completion"/>. Idempotent. When <paramref name="cancellationToken"/> fires first, the
        /// remaining connections are dropped without a close frame; the call still returns only once everything ended.
        /// </summary>
        public async Task StopAsync(CancellationToken cancellationToken = default)
        {
            Task stop;
            lock (_stopGate) stop = _stopTask ??= StopCoreAsync();
            using (cancellationToken.Register(static state => ((GeminiEmulator)state!).AbortAll(), this))
            {
                await stop.ConfigureAwait(false);
            }
        }

        public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

        /// <summary>The history behind a resumption handle (tests and diagnostics), or null when unknown or expired.</summary>
        internal IReadOnlyList<EmulatorHistoryEntry>? GetResumptionHistory(string handle) =>
            Resumption.TryGet(handle, out _, out IReadOnlyList<EmulatorHistoryEntry> history) ? history : null;

        internal bool TryAcquireSessionSlot()
        {
            int max = Settings.MaxConcurrentSessions;
            while (true)
            {
                int current = Volatile.Read(ref _activeSessions);
                if (max > 0 && current >= max) return false;
                if (Interlocked.CompareExchange(ref _activeSessions, current + 1, current) == current) return true;
            }
        }

        internal void ReleaseSessionSlot() => Interlocked.Decrement(ref _activeSessions);

        internal void Register(EmulatorSession session)
        {
            _sessions[session.Id] = session;
            // Stop may have swept the sessions just before this one registered.
            if (_stopping.IsCancellationRequested) session.RequestClose(CloseCodes.NormalClosure, ServiceReasons.Cancelled);
        }

        internal void Unregister(EmulatorSession session) => _sessions.TryRemove(session.Id, out _);

        private async Task AcceptLoopAsync()
        {
            try
            {
                await AcceptConnectionsAsync().ConfigureAwait(false);
            }
            finally
            {
                _acceptLoopDone.TrySetResult(true);
            }
        }

        private async Task AcceptConnectionsAsync()
        {
            while (true)
            {
                UpgradeRequest request;
                try
                {
                    request = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (_stopping.IsCancellationRequested && (ex is OperationCanceledException || ex is ObjectDisposedException))
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The listener reports only the failure of the listening socket itself (bad clients never get here):
                    // nothing more can be accepted. Stop, and fault Completion with the cause.
                    _serverLog.Error("accept", ex);
                    _listenerFailure = ex;
                    _ = StopAsync();
                    return;
                }

                long id = Interlocked.Increment(ref _totalConnections);
                var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _connections[id] = done.Task;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await EmulatorConnection.RunAsync(this, request, id, _stopping.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        _connections.TryRemove(id, out _);
                        done.TrySetResult(true);
                    }
                });
            }
        }

        private async Task StopCoreAsync()
        {
            _stopping.Cancel();
            await _acceptLoopDone.Task.ConfigureAwait(false);
            foreach (EmulatorSession session in _sessions.Values) session.RequestClose(CloseCodes.NormalClosure, ServiceReasons.Cancelled);
            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
            try
            {
                await _listener.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                _serverLog.Error("stop", ex);
            }

            if (_listenerFailure != null) _completion.TrySetException(_listenerFailure);
            else _completion.TrySetResult(true);
        }

        /// <summary>Drops every open connection without a close frame (clients see 1006); also lets tests cut a connection at an exact point.</summary>
        internal void AbortAll()
        {
            foreach (EmulatorSession session in _sessions.Values) session.Abort();
        }
    }
}
