using System;
using System.Linq;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Session
{
    /// <summary>What a close means for the caller.</summary>
    public enum CloseCategory
    {
        /// <summary>1007: bad request, bad or expired key. Fix the request; never retried.</summary>
        InvalidArgument,
        /// <summary>1008: model not found, not permitted, not implemented, or a stale resumption handle.</summary>
        NotFoundOrDenied,
        /// <summary>1011: internal, unavailable or deadline; retry with back-off.</summary>
        ServiceError,
        /// <summary>1011 with quota wording: wait or change plan; never retried blindly.</summary>
        QuotaExceeded,
        /// <summary>1000 from the service: cancelled (lifetime cap); reconnect with the handle.</summary>
        Cancelled,
        /// <summary>1006: the connection died without a close frame; retry.</summary>
        ConnectionLost,
        /// <summary>Anything else.</summary>
        Other,
    }

    /// <summary>
    /// The service closed the session (it reports every error this way, protocol.md §9), or the connection was lost.
    /// Carries the close code and the reason verbatim, and says what to do.
    /// </summary>
    public class GeminiSessionException : Exception
    {
        public GeminiSessionException(int closeCode, string? reason, string? model = null, Exception? inner = null)
            : base(BuildMessage(closeCode, reason ?? string.Empty, model), inner)
        {
            CloseCode = closeCode;
            Reason = reason ?? string.Empty;
            Category = Classify(closeCode, Reason);
        }

        public int CloseCode { get; }
        public string Reason { get; }
        public CloseCategory Category { get; }

        /// <summary>Whether reconnecting (with the resumption handle) can help.</summary>
        public bool IsRetryable => Category == CloseCategory.ServiceError || Category == CloseCategory.Cancelled || Category == CloseCategory.ConnectionLost;

        /// <summary>A stale resumption handle: drop it and start a fresh session.</summary>
        public bool IsSessionNotFound => CloseCode == CloseCodes.PolicyViolation && Reason.IndexOf("session not found", StringComparison.OrdinalIgnoreCase) >= 0;

        public static CloseCategory Classify(int closeCode, string reason)
        {
            switch (closeCode)
            {
                case CloseCodes.InvalidArgument: return CloseCategory.InvalidArgument;
                case CloseCodes.PolicyViolation: return CloseCategory.NotFoundOrDenied;
                case CloseCodes.InternalError:
                    return reason.IndexOf("quota", StringComparison.OrdinalIgnoreCase) >= 0
                        || reason.IndexOf("exhausted", StringComparison.OrdinalIgnoreCase) >= 0
                        ? CloseCategory.QuotaExceeded
                        : CloseCategory.ServiceError;
                case CloseCodes.NormalClosure: return CloseCategory.Cancelled;
                case CloseCodes.Abnormal: return CloseCategory.ConnectionLost;
                default: return CloseCategory.Other;
            }
        }

        /// <summary>The reason without an early-2025 <c>Request trace id: …, [ORIGINAL ERROR] ns::code: </c> prefix.</summary>
        public static string DisplayReason(string reason)
        {
            const string marker = "[ORIGINAL ERROR] ";
            int at = reason.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) return reason;
            string rest = reason.Substring(at + marker.Length);
            int colon = rest.IndexOf(": ", StringComparison.Ordinal);
            return colon >= 0 ? rest.Substring(colon + 2) : rest;
        }

        private static string BuildMessage(int code, string reason, string? model)
        {
            string shown = string.IsNullOrEmpty(reason) ? "(no reason given)" : reason;
            string head = $"The Gemini Live service closed the session with code {code}: {shown}";
            string advice = Classify(code, reason) switch
            {
                CloseCategory.InvalidArgument when reason.IndexOf("API key", StringComparison.OrdinalIgnoreCase) >= 0
                    => "Check the API key: pass -ApiKey or set GEMINI_API_KEY (or GOOGLE_API_KEY).",
                CloseCategory.InvalidArgument when reason.IndexOf("response modalities (AUDIO)", StringComparison.OrdinalIgnoreCase) >= 0
                    => "This model answers in text only; use -ResponseModality Text.",
                CloseCategory.InvalidArgument when reason.IndexOf("response modalities", StringComparison.OrdinalIgnoreCase) >= 0
                                                || reason.IndexOf("non-audio", StringComparison.OrdinalIgnoreCase) >= 0
                    => $"This model only answers with audio; use -ResponseModality Audio (text replies come from the output transcription). Models that take TEXT: {string.Join(", ", ModelCatalog.All.Where(m => m.IsServed && m.SupportsTextModality).Select(m => m.Id))}.",
                CloseCategory.InvalidArgument => "The request is invalid for this model; this is not retried. Check the parameters against the model's rules.",
                CloseCategory.NotFoundOrDenied when reason.IndexOf("session not found", StringComparison.OrdinalIgnoreCase) >= 0
                    => "The resumption handle has expired; connect without it to start a new session.",
                CloseCategory.NotFoundOrDenied when reason.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0
                    => $"Check the model id{(model == null ? string.Empty : " '" + model + "'")}. Current Live models: {string.Join(", ", ModelCatalog.ServedIds)}.",
                CloseCategory.NotFoundOrDenied when reason.IndexOf("unregistered callers", StringComparison.OrdinalIgnoreCase) >= 0
                    => "No API key reached the service: pass -ApiKey or set GEMINI_API_KEY (or GOOGLE_API_KEY).",
                CloseCategory.NotFoundOrDenied => "The model or operation is not available to this key.",
                CloseCategory.QuotaExceeded => "The quota is used up; wait or check the plan and billing. This is not retried automatically.",
                CloseCategory.ServiceError => "A temporary service error; reconnecting usually helps.",
                CloseCategory.Cancelled => "The service ended the connection (lifetime cap); reconnect to continue.",
                CloseCategory.ConnectionLost => "The connection was lost without a close frame; check the network and reconnect.",
                _ => string.Empty,
            };
            return advice.Length == 0 ? head : head + " " + advice;
        }
    }
}
