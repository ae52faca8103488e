using System;
using System.Management.Automation;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Turns engine exceptions into ErrorRecords with stable ids and the right category.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, object? target)
        {
            switch (exception)
            {
                case GeminiSessionException closed:
                    return new ErrorRecord(closed, "GeminiSessionClosed" + closed.CloseCode, Categorize(closed), target);
                case GeminiConnectionException connection:
                    return new ErrorRecord(connection, "GeminiConnectionFailed",
                        connection.Message.IndexOf("timed out", StringComparison.OrdinalIgnoreCase) >= 0 || connection.Message.IndexOf("within", StringComparison.Ordinal) >= 0
                            ? ErrorCategory.OperationTimeout
                            : ErrorCategory.ConnectionError,
                        target);
                case TimeoutException timeout:
                    return new ErrorRecord(timeout, "GeminiTimeout", ErrorCategory.OperationTimeout, target);
                case ArgumentException argument:
                    return new ErrorRecord(argument, "GeminiInvalidArgument", ErrorCategory.InvalidArgument, target);
                case InvalidOperationException invalid:
                    return new ErrorRecord(invalid, "GeminiInvalidOperation", ErrorCategory.InvalidOperation, target);
                case System.IO.IOException io:
                    return new ErrorRecord(io, "GeminiIOError", ErrorCategory.WriteError, target);
                case UnauthorizedAccessException denied:
                    return new ErrorRecord(denied, "GeminiAccessDenied", ErrorCategory.PermissionDenied, target);
                default:
                    return new ErrorRecord(exception, "GeminiError", ErrorCategory.NotSpecified, target);
            }
        }

        public static ErrorCategory Categorize(GeminiSessionException closed) => closed.Category switch
        {
            CloseCategory.InvalidArgument => closed.Reason.IndexOf("API key", StringComparison.OrdinalIgnoreCase) >= 0
                ? ErrorCategory.AuthenticationError
                : ErrorCategory.InvalidArgument,
            CloseCategory.NotFoundOrDenied => closed.Reason.IndexOf("unregistered callers", StringComparison.OrdinalIgnoreCase) >= 0
                ? ErrorCategory.AuthenticationError
                : closed.Reason.IndexOf("not found", StringComparison.OrdinalIgnoreCase) >= 0 ? ErrorCategory.ObjectNotFound : ErrorCategory.PermissionDenied,
            CloseCategory.QuotaExceeded => ErrorCategory.QuotaExceeded,
            CloseCategory.ServiceError => ErrorCategory.ResourceUnavailable,
            CloseCategory.Cancelled => ErrorCategory.OperationStopped,
            CloseCategory.ConnectionLost => ErrorCategory.ConnectionError,
            _ => ErrorCategory.NotSpecified,
        };

        public static ErrorRecord NoApiKey() => new ErrorRecord(
            new InvalidOperationException(
                "No API key: pass -ApiKey (a SecureString, e.g. from Read-Host -AsSecureString or Get-Secret), or set $env:GEMINI_API_KEY or $env:GOOGLE_API_KEY. To try the module offline, start the emulator: $e = Start-GeminiEmulator; Connect-GeminiRealtime -Endpoint $e.Endpoint -ApiKey test"),
            "GeminiNoApiKey", ErrorCategory.AuthenticationError, null);

        public static ErrorRecord NoSession() => new ErrorRecord(
            new InvalidOperationException("There is no Gemini session: connect first with Connect-GeminiRealtime, or pass -Session."),
            "GeminiNoSession", ErrorCategory.ConnectionError, null);
    }
}
