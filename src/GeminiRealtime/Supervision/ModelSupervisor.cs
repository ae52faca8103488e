using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using GeminiRealtime.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.Supervision
{
    /// <summary>
    /// A larger text model that reads the live conversation's transcript over REST <c>generateContent</c>: it answers
    /// the live model's hard questions (<c>ask_supervisor</c>) and reviews the conversation after turns (guidance or
    /// <see cref="SupervisorPrompt.NoGuidance"/>). Owns its HttpClient.
    /// </summary>
    public sealed class ModelSupervisor : IDisposable
    {
        private readonly HttpClient _http;
        private readonly ApiCredential _credential;
        private long _requests;

        public ModelSupervisor(ApiCredential credential, string model, Uri? endpoint = null, string apiVersion = GenerateContentClient.DefaultApiVersion,
            TimeSpan? timeout = null, HttpMessageHandler? handler = null)
        {
            _credential = credential ?? throw new ArgumentNullException(nameof(credential));
            if (credential.IsEphemeralToken)
                throw new ArgumentException("The supervisor model is called over REST generateContent, which needs an API key; an ephemeral token only opens Live sessions.", nameof(credential));
            Model = GeminiRealtime.Models.ModelCatalog.NormalizeId(model ?? throw new ArgumentNullException(nameof(model)));
            Url = GenerateContentClient.BuildUrl(endpoint, apiVersion, Model);
            _http = handler == null ? new HttpClient() : new HttpClient(handler);
            _http.Timeout = timeout ?? TimeSpan.FromSeconds(60);
        }

        public string Model { get; }

        /// <summary>The generateContent URL (no credential in it).</summary>
        public Uri Url { get; }

        /// <summary>Answers the model most prompts carry at most (keeps guidance and answers short).</summary>
        public int MaxOutputTokens { get; set; } = 1024;

        /// <summary>Requests sent so far (asks and reviews).</summary>
        public long Requests => Interlocked.Read(ref _requests);

        /// <summary>The supervisor's answer to the live model's question, with the conversation so far as context.</summary>
        public async Task<GenerateContentResult> AskAsync(GeminiTranscript transcript, string question, CancellationToken cancellationToken = default)
        {
            if (string.IsNullOrWhiteSpace(question)) throw new ArgumentException("The question is empty.", nameof(question));
            return await SendAsync(SupervisorPrompt.Ask(transcript, question), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Guidance for the live model after a turn, or null when the supervisor has none.</summary>
        public async Task<string?> ReviewAsync(GeminiTranscript transcript, CancellationToken cancellationToken = default)
        {
            GenerateContentResult result = await SendAsync(SupervisorPrompt.Review(transcript), cancellationToken).ConfigureAwait(false);
            return SupervisorPrompt.GuidanceOf(result.Text);
        }

        private async Task<GenerateContentResult> SendAsync(string prompt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            string body = GenerateContentClient.RequestJson(SupervisorPrompt.SystemInstruction, prompt, MaxOutputTokens, temperature: null);
            try
            {
                return await GenerateContentClient.GenerateAsync(_http, Url, _credential, body, cancellationToken).ConfigureAwait(false);
            }
            catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // HttpClient reports its own timeout as a cancellation.
                throw new GenerateContentException(0, "DEADLINE_EXCEEDED", $"The supervisor model {Model} did not answer within {_http.Timeout.TotalSeconds:0} s.", ex);
            }
        }

        public void Dispose() => _http.Dispose();

        public override string ToString() => $"Supervisor model {Model}";
    }
}
