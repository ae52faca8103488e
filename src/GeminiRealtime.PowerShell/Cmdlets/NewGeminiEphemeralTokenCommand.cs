using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Security;
using System.Text;
using System.Text.Json;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Creates an ephemeral token (POST {endpoint}/v1alpha/auth_tokens, key in x-goog-api-key) that a client can use
    /// instead of the API key; Connect-GeminiRealtime takes it as -ApiKey.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "GeminiEphemeralToken", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiEphemeralToken))]
    public sealed class NewGeminiEphemeralTokenCommand : GeminiCmdlet
    {
        private static readonly TimeSpan MaxLifetime = TimeSpan.FromHours(20);

        /// <summary>Sessions the token may start; 0 = unlimited. Resuming a session is free. Default: 1.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int Uses { get; set; } = 1;

        /// <summary>When the token stops working (in the future, at most 20 hours away). Default: in 30 minutes.</summary>
        [Parameter]
        public DateTime ExpireTime { get; set; }

        /// <summary>When the token stops starting new sessions. Default: in 60 seconds.</summary>
        [Parameter]
        public DateTime NewSessionExpireTime { get; set; }

        /// <summary>Setup fields to lock (a hashtable or a JSON object in BidiGenerateContentSetup form, e.g. @{ model = 'models/…' }).</summary>
        [Parameter]
        [ValidateNotNull]
        public object? LockedSetup { get; set; }

        /// <summary>The locked field paths (fieldMask), e.g. generationConfig.temperature; default: every field of -LockedSetup.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? LockedField { get; set; }

        /// <summary>The API key (SecureString; a plain string or PSCredential is converted). Default: $env:GEMINI_API_KEY, then $env:GOOGLE_API_KEY.</summary>
        [Parameter]
        [SecureStringTransformation]
        public SecureString? ApiKey { get; set; }

        /// <summary>Base endpoint (http, https, ws or wss), e.g. an emulator's Endpoint. Default: Google's service.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        /// <summary>Seconds to wait for the service.</summary>
        [Parameter]
        [ValidateRange(1, 600)]
        public int TimeoutSec { get; set; } = 30;

        protected override void ProcessRecord()
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            var request = new EphemeralTokenRequest();
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Uses))) request.Uses = Uses;
            if (MyInvocation.BoundParameters.ContainsKey(nameof(ExpireTime))) request.ExpireTime = CheckTime(ExpireTime, nameof(ExpireTime), now);
            if (MyInvocation.BoundParameters.ContainsKey(nameof(NewSessionExpireTime))) request.NewSessionExpireTime = CheckTime(NewSessionExpireTime, nameof(NewSessionExpireTime), now);
            if (LockedField != null && LockedSetup == null)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-LockedField needs -LockedSetup (the values to lock)."),
                    "GeminiLockedFieldWithoutSetup", ErrorCategory.InvalidArgument, LockedField));
            }
            if (LockedSetup != null) request.LockedSetupJson = ToSetupJson(LockedSetup);
            request.LockedFields = LockedField;

            Uri url;
            try
            {
                url = EphemeralTokenClient.BuildUrl(Endpoint);
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiEndpointInvalid", ErrorCategory.InvalidArgument, Endpoint));
                return;
            }

            string? key = Secrets.Resolve(ApiKey, out string keySource);
            if (key == null) ThrowTerminatingError(ErrorRecords.NoApiKey());
            var credential = ApiCredential.FromSecret(key!);
            if (credential.IsEphemeralToken)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("An ephemeral token cannot create tokens: pass an API key."),
                    "GeminiTokenNotAKey", ErrorCategory.InvalidArgument, null));
            }

            if (!ShouldProcess(url.GetLeftPart(UriPartial.Authority), "Create an ephemeral token")) return;
            WriteVerbose($"POST {url} (key from {keySource}, {credential.Masked}).");

            EphemeralTokenGrant grant;
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(TimeoutSec) })
            {
                try
                {
                    grant = Wait(EphemeralTokenClient.CreateAsync(http, Endpoint, credential, request, StopToken));
                }
                catch (EphemeralTokenException ex)
                {
                    ErrorCategory category = ex.StatusCode == 401 || ex.StatusCode == 403 || ex.Message.IndexOf("API key", StringComparison.OrdinalIgnoreCase) >= 0
                        ? ErrorCategory.AuthenticationError : ErrorCategory.InvalidArgument;
                    ThrowTerminatingError(new ErrorRecord(ex, "GeminiTokenRequestFailed", category, url));
                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is System.Threading.Tasks.TaskCanceledException && !StopToken.IsCancellationRequested))
                {
                    ThrowTerminatingError(new ErrorRecord(new IOException(credential.Redact($"Could not reach {url}: {ex.Message}"), ex),
                        "GeminiTokenEndpointUnreachable", ErrorCategory.ConnectionError, url));
                    return;
                }
            }

            var token = new SecureString();
            foreach (char c in grant.Name) token.AppendChar(c);
            token.MakeReadOnly();
            WriteObject(new GeminiEphemeralToken(token, grant.Uses, grant.ExpireTime, grant.NewSessionExpireTime, LockedField ?? Array.Empty<string>(), Endpoint));
        }

        private DateTimeOffset CheckTime(DateTime value, string name, DateTimeOffset now)
        {
            var time = new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value);
            if (time <= now || time > now + MaxLifetime)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentOutOfRangeException(name, value, $"-{name} must be in the future and at most 20 hours away."),
                    "GeminiTokenTimeOutOfRange", ErrorCategory.InvalidArgument, value));
            }
            return time;
        }

        private string ToSetupJson(object setup)
        {
            object value = setup is PSObject wrapped ? wrapped.BaseObject : setup;
            try
            {
                if (value is string text)
                {
                    using JsonDocument parsed = JsonDocument.Parse(text);
                    if (parsed.RootElement.ValueKind != JsonValueKind.Object) throw new ArgumentException("-LockedSetup must be a JSON object.");
                    return text;
                }
                if (!(value is IDictionary)) throw new ArgumentException("-LockedSetup must be a hashtable or a JSON object string.");
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream)) Write(writer, value);
                return Encoding.UTF8.GetString(stream.ToArray());
            }
            catch (Exception ex) when (ex is JsonException || ex is ArgumentException)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(ex.Message, nameof(LockedSetup), ex), "GeminiLockedSetupInvalid", ErrorCategory.InvalidArgument, null));
                return string.Empty;
            }
        }

        private static void Write(Utf8JsonWriter writer, object? value)
        {
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            switch (value)
            {
                case null: writer.WriteNullValue(); break;
                case string s: writer.WriteStringValue(s); break;
                case bool b: writer.WriteBooleanValue(b); break;
                case SwitchParameter sw: writer.WriteBooleanValue(sw.IsPresent); break;
                case int or long or short or byte or sbyte or uint or ushort or ulong:
                    writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case float or double or decimal:
                    writer.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)); break;
                case IDictionary map:
                    writer.WriteStartObject();
                    foreach (DictionaryEntry entry in map)
                    {
                        writer.WritePropertyName(Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                        Write(writer, entry.Value);
                    }
                    writer.WriteEndObject();
                    break;
                case IEnumerable list:
                    writer.WriteStartArray();
                    foreach (object? item in list) Write(writer, item);
                    writer.WriteEndArray();
                    break;
                default: throw new ArgumentException($"-LockedSetup holds a {value.GetType().Name}; use strings, numbers, booleans, hashtables and arrays.");
            }
        }
    }
}
