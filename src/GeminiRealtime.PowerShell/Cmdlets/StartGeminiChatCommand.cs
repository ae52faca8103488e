using System;
using System.Management.Automation;
using System.Security;
using GeminiRealtime.Emulator;
using GeminiRealtime.Models;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.PowerShell.Tools;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// An interactive text chat: type a line, watch the reply stream in; <c>exit</c>, end of input or Ctrl+C leaves
    /// cleanly. Uses -Session or the default session; with none it connects, and with no API key anywhere it starts
    /// the bundled emulator and says so. Lines can also come from the pipeline (scripted chats).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "GeminiChat")]
    [OutputType(typeof(GeminiReply))]
    public sealed class StartGeminiChatCommand : GeminiCmdlet
    {
        private static readonly string[] ExitWords = { "exit", "quit", "/exit", "/quit", "bye" };

        private IGeminiSession? _session;
        private IGeminiSession? _ownedSession;
        private GeminiEmulator? _ownedEmulator;
        private bool _sawPipelineInput;
        private bool _done;

        /// <summary>Lines to send instead of reading the keyboard.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowEmptyString]
        public string? InputObject { get; set; }

        /// <summary>The session to chat in (by property name from the pipeline; piped values are lines); default: the default session, else a new one.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession? Session { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.DefaultModelId;

        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SystemInstruction { get; set; }

        /// <summary>Use the offline emulator even when an API key is set.</summary>
        [Parameter]
        public SwitchParameter Offline { get; set; }

        /// <summary>Also return each reply object.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 120;

        protected override void ProcessRecord()
        {
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)) || _done) return;
            _sawPipelineInput = true;
            if (!Turn(InputObject ?? string.Empty)) _done = true;
        }

        protected override void EndProcessing()
        {
            try
            {
                if (!_sawPipelineInput)
                {
                    EnsureSession();
                    HostStyle style = HostStyle.For(this);
                    Host.UI.WriteLine(style.Paint(style.Note, $"Chatting with {_session!.Model} (session {_session.Id}). Type 'exit' or press Ctrl+C to leave."));
                    while (!_done)
                    {
                        Host.UI.Write(style.Paint(style.User, "You>") + " ");
                        string? line = Host.UI.ReadLine();
                        if (line == null || !Turn(line)) break;
                    }
                }
            }
            finally
            {
                Release();
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) Release();
            base.Dispose(disposing);
        }

        /// <summary>Sends one line; false when the user asked to leave.</summary>
        private bool Turn(string line)
        {
            string text = line.Trim();
            if (Array.IndexOf(ExitWords, text.ToLowerInvariant()) >= 0) return false;
            if (text.Length == 0) return true;
            EnsureSession();
            HostStyle style = HostStyle.For(this);
            var runner = new TurnRunner(this, _session!) { OnText = delta => Host.UI.Write(style.Paint(style.Model, delta)) };
            Host.UI.Write(style.Paint(style.Model, "Gemini>") + " ");
            try
            {
                GeminiReply reply = runner.SendAndWait(text, TimeSpan.FromSeconds(TimeoutSec), StopToken);
                Host.UI.WriteLine(reply.Interrupted ? " " + style.Paint(style.Note, "[interrupted]") : string.Empty);
                WriteSources(reply);
                if (PassThru) WriteObject(reply);
                return true;
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is TimeoutException || ex is InvalidOperationException)
            {
                Host.UI.WriteLine();
                ThrowTerminatingError(ErrorRecords.From(ex, _session));
                return false;
            }
        }

        /// <summary>Google Search grounding: the queries and numbered sources (title and URI) under the answer.</summary>
        private void WriteSources(GeminiReply reply)
        {
            var chunks = reply.Grounding?.GroundingChunks;
            if (chunks == null || chunks.Count == 0) return;
            var queries = reply.Grounding!.WebSearchQueries;
            if (queries != null && queries.Count > 0) Host.UI.WriteLine("Searched: " + string.Join("; ", queries));
            Host.UI.WriteLine("Sources:");
            for (int i = 0; i < chunks.Count; i++)
            {
                var web = chunks[i].Web;
                if (web == null) continue;
                Host.UI.WriteLine($"  [{i + 1}] {web.Title ?? web.Domain ?? "source"} - {web.Uri}");
            }
        }

        private void EnsureSession()
        {
            if (_session != null) return;
            _session = Session ?? (Offline || Endpoint != null || ApiKey != null ? null : SessionRegistry.Default);
            if (_session != null) return;

            string? key = Offline ? null : Secrets.Resolve(ApiKey, out _);
            Uri? endpoint = Offline ? null : Endpoint;
            if (key == null)
            {
                if (endpoint != null) ThrowTerminatingError(ErrorRecords.NoApiKey());
                _ownedEmulator = GeminiEmulator.Start(new EmulatorOptions { TimeScale = 0 });
                endpoint = _ownedEmulator.Endpoint;
                key = "offline-emulator";
                WriteWarning(Offline
                    ? $"Offline: chatting with the bundled emulator at {endpoint}; replies are canned echoes."
                    : $"No GEMINI_API_KEY or GOOGLE_API_KEY is set: chatting with the bundled emulator at {endpoint} (replies are canned echoes). Set a key to talk to Gemini.");
            }
            var options = new GeminiSessionOptions(ApiCredential.FromSecret(key))
            {
                Endpoint = endpoint,
                Model = Model,
                // A model that cannot speak (the transcribe model) chats in TEXT.
                ResponseModality = ModelCatalog.Find(Model)?.SupportsAudioModality == false ? Modality.Text : Modality.Audio,
                Voice = Voice,
                SystemInstruction = SystemInstruction,
            };
            // The chat's own session declares the registered tools too (they run on this pipeline thread).
            SessionTools toolSet = ToolSetup.Apply(this, options, null, false, false, null);
            try
            {
                WriteVerbose($"Connecting to {LiveEndpoint.Build(endpoint, options.ApiVersion, false)} with model {options.ModelId}.");
                _ownedSession = Wait(GeminiConversation.ConnectAsync(options, null, StopToken));
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is GeminiConnectionException || ex is ArgumentException)
            {
                Release();
                ThrowTerminatingError(ErrorRecords.From(ex, Model));
            }
            if (_ownedSession != null) SessionTools.Attach(_ownedSession, toolSet);
            _session = _ownedSession;
        }

        private void Release()
        {
            IGeminiSession? session = _ownedSession;
            GeminiEmulator? emulator = _ownedEmulator;
            _ownedSession = null;
            _ownedEmulator = null;
            session?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            emulator?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
