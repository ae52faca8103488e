using System.Management.Automation;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>A cmdlet that works on a session: <c>-Session</c> from the pipeline, else the default (last connected) one.</summary>
    public abstract class SessionCmdlet : GeminiCmdlet
    {
        /// <summary>The session to use (from the pipeline, by value or by property name); default: the last one connected.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.SessionCompleter))]
        [ValidateNotNull]
        public IGeminiSession? Session { get; set; }

        /// <summary>The session, or a terminating error that says how to get one.</summary>
        protected IGeminiSession ResolveSession()
        {
            IGeminiSession? session = Session ?? SessionRegistry.Default;
            if (session == null) ThrowTerminatingError(ErrorRecords.NoSession());
            return session!;
        }
    }
}
