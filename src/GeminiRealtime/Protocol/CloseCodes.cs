namespace GeminiRealtime.Protocol
{
    /// <summary>WebSocket close codes the service uses as its error classes (protocol.md §9).</summary>
    public static class CloseCodes
    {
        /// <summary>CANCELLED (Vertex at the lifetime cap); also a normal client close.</summary>
        public const int NormalClosure = 1000;
        /// <summary>Set locally when the peer sent no close code.</summary>
        public const int NoStatus = 1005;
        /// <summary>Set locally when the connection died without a close frame.</summary>
        public const int Abnormal = 1006;
        /// <summary>INVALID_ARGUMENT, including a bad or expired API key: never retried.</summary>
        public const int InvalidArgument = 1007;
        /// <summary>NOT_FOUND / PERMISSION_DENIED / UNIMPLEMENTED, and a stale resumption handle.</summary>
        public const int PolicyViolation = 1008;
        public const int MessageTooBig = 1009;
        /// <summary>INTERNAL / UNAVAILABLE / DEADLINE_EXCEEDED / RESOURCE_EXHAUSTED.</summary>
        public const int InternalError = 1011;

        /// <summary>Close reasons are at most 123 bytes (RFC 6455).</summary>
        public const int MaxReasonBytes = 123;
    }

    /// <summary>Close reasons as the service words them (verbatim, before the 123-byte cut).</summary>
    public static class ServiceReasons
    {
        public const string InvalidArgument = "Request contains an invalid argument.";
        public const string ApiKeyNotValid = "API key not valid. Please pass a valid API key.";
        public const string ApiKeyExpired = "API key expired. Please renew the API key.";
        public const string UnregisteredCaller =
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
        public const string MediaChunksDeprecated = "realtime_input.media_chunks is deprecated. Use audio, video, or text instead.";
        public const string SessionNotFound = "BidiGenerateContent session not found";
        public const string Internal = "Internal error encountered.";
        public const string Unavailable = "The service is currently unavailable.";
        public const string DeadlineExpired = "Deadline expired before operation could complete.";
        public const string QuotaExceeded =
            "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.";
        public const string Cancelled = "The operation was cancelled.";
        public const string NotImplemented = "Operation is not implemented, or supported, or enabled";

        public static string ModelNotFound(string modelId, string apiVersion) => ModelNameNotFound("models/" + modelId, apiVersion);

        /// <summary>The not-found text for a model name exactly as the client sent it (e.g. a bare id without <c>models/</c>).</summary>
        public static string ModelNameNotFound(string modelName, string apiVersion) =>
            $"{modelName} is not found for API version {apiVersion}, or is not supported for bidiGenerateContent. Call ListModels to see the list of available models and their supported methods.";

        /// <summary>Cuts a reason to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
        public static string Truncate(string reason, int maxBytes = CloseCodes.MaxReasonBytes)
        {
            if (reason == null) return string.Empty;
            var encoding = System.Text.Encoding.UTF8;
            if (encoding.GetByteCount(reason) <= maxBytes) return reason;
            int bytes = 0;
            int i = 0;
            while (i < reason.Length)
            {
                int charCount = char.IsHighSurrogate(reason[i]) && i + 1 < reason.Length ? 2 : 1;
                int size = encoding.GetByteCount(reason.ToCharArray(i, charCount));
                if (bytes + size > maxBytes) break;
                bytes += size;
                i += charCount;
            }
            return reason.Substring(0, i);
        }
    }
}
