using System;
using System.Management.Automation;
using GeminiRealtime.Vision;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>ErrorRecords of the vision cmdlets (stable ids).</summary>
    internal static class ScreenShareErrors
    {
        public static ErrorRecord CaptureFailed(ScreenCaptureException exception, object? target) => new ErrorRecord(
            exception,
            exception.Unavailable ? "GeminiScreenCaptureUnavailable" : "GeminiScreenCaptureFailed",
            exception.Unavailable ? ErrorCategory.ResourceUnavailable : ErrorCategory.ObjectNotFound,
            target);

        public static ErrorRecord AlreadySharing(ScreenShare share) => new ErrorRecord(
            new InvalidOperationException($"Session {share.SessionId} is already sharing ({share.Description}); stop it first with Stop-GeminiScreenShare."),
            "GeminiScreenShareActive", ErrorCategory.ResourceExists, share);

        public const string NoCompressionWarning =
            "This session has no context window compression: with video the service ends it after about 2 minutes. Connect with -ShareScreen (or reconnect) to share for longer.";
    }
}
