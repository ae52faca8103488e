using System;
using System.Management.Automation;
using System.Security;
using GeminiRealtime.Models;
using GeminiRealtime.PowerShell.Completers;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Protocol;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Opens a Live API session: connects, sends setup, waits for setupComplete, and remembers it as the default session.</summary>
    [Cmdlet(VerbsCommunications.Connect, "GeminiRealtime", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiSession))]
    public sealed class ConnectGeminiRealtimeCommand : GeminiCmdlet
    {
        [Parameter(Position = 0)]
        [ArgumentCompleter(typeof(ModelCompleter))]
        [ValidateNotNullOrEmpty]
        public string Model { get; set; } = ModelCatalog.DefaultModelId;

        /// <summary>The key (SecureString; a plain string is converted). Default: $env:GEMINI_API_KEY, then $env:GOOGLE_API_KEY.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>Base endpoint (http, https, ws or wss), e.g. an emulator's Endpoint. Default: Google's service.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        [Parameter]
        [ValidateSet("v1beta", "v1alpha", "v1")]
        public string ApiVersion { get; set; } = LiveEndpoint.DefaultApiVersion;

        [Parameter]
        [ArgumentCompleter(typeof(VoiceCompleter))]
        [ValidateNotNullOrEmpty]
        public string? Voice { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? SystemInstruction { get; set; }

        [Parameter]
        [ValidateSet("Audio", "Text")]
        public string ResponseModality { get; set; } = "Audio";

        [Parameter]
        public SwitchParameter InputTranscription { get; set; }

        /// <summary>On by default in Audio modality (the reply text comes from it); -OutputTranscription:$false turns it off.</summary>
        [Parameter]
        public SwitchParameter OutputTranscription { get; set; }

        [Parameter]
        [ValidateRange(0.0, 2.0)]
        public float? Temperature { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? LanguageCode { get; set; }

        /// <summary>Do not ask for session resumption handles.</summary>
        [Parameter]
        public SwitchParameter NoResumption { get; set; }

        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 30;

        protected override void ProcessRecord()
        {
            string? key = Secrets.Resolve(ApiKey, out string keySource);
            if (key == null) ThrowTerminatingError(ErrorRecords.NoApiKey());

            var credential = ApiCredential.FromSecret(key!);
            var options = new GeminiSessionOptions(credential)
            {
                Endpoint = Endpoint,
                ApiVersion = ApiVersion,
                Model = Model,
                ResponseModality = ResponseModality.ToUpperInvariant(),
                Voice = Voice,
                LanguageCode = LanguageCode,
                SystemInstruction = SystemInstruction,
                InputTranscription = InputTranscription.IsPresent,
                OutputTranscription = MyInvocation.BoundParameters.ContainsKey(nameof(OutputTranscription)) ? OutputTranscription.IsPresent : (bool?)null,
                Temperature = Temperature,
                SessionResumption = !NoResumption.IsPresent,
                ConnectTimeout = TimeSpan.FromSeconds(TimeoutSec),
                SetupTimeout = TimeSpan.FromSeconds(TimeoutSec),
            };

            LiveModel? known = ModelCatalog.Find(Model);
            if (known == null)
                WriteWarning($"'{Model}' is not in this module's model table; connecting anyway. Known models: {string.Join(", ", ModelCatalog.ServedIds)}.");
            else if (!known.IsServed)
                WriteWarning($"'{known.Id}' is retired; the service will refuse it (1008). Current models: {string.Join(", ", ModelCatalog.ServedIds)}.");

            Uri url;
            try
            {
                url = LiveEndpoint.Build(Endpoint, ApiVersion, credential.IsEphemeralToken);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Endpoint));
                return;
            }
            if (!ShouldProcess(url.GetLeftPart(UriPartial.Authority), $"Open a Gemini Live session with model {options.ModelId}")) return;

            WriteVerbose($"Connecting to {url} ({credential.HeaderName} header from {keySource}).");
            WriteVerbose($"Sending setup: model models/{options.ModelId}, responseModalities [{options.ResponseModality}]"
                + (Voice != null ? $", voice {Voice}" : string.Empty)
                + (options.OutputTranscription ?? options.ResponseModality == Modality.Audio ? ", outputAudioTranscription" : string.Empty)
                + (InputTranscription ? ", inputAudioTranscription" : string.Empty)
                + (options.SessionResumption ? ", sessionResumption" : string.Empty) + ".");
            GeminiSession session;
            try
            {
                session = Wait(GeminiSession.ConnectAsync(options, StopToken));
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is GeminiConnectionException || ex is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, Model));
                return;
            }
            WriteVerbose($"setupComplete received; session {session.Id} is open{(session.ServerSessionId != null ? " (service session " + session.ServerSessionId + ")" : string.Empty)}.");
            SessionRegistry.Add(session);
            WriteObject(session);
        }
    }
}
