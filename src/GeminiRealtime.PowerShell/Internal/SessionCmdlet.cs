using System.Management.Automation;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>A cmdlet that works on a session: <c>-Session</c> from the pipeline, else the default (last connected) one.</summary>
    public abstract class SessionCmdlet : GeminiCmdlet
    {
        /// <summary>The session to use; default: the last one connected.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public GeminiSession? Session { get; set; }

        /// <summary>The session, or a terminating error that says how to get one.</summary>
        protected GeminiSession ResolveSession()
        {
            GeminiSession? session = Session ?? SessionRegistry.Default;
            if (session == null) ThrowTerminatingError(ErrorRecords.NoSession());
            return session!;
        }
    }
}
