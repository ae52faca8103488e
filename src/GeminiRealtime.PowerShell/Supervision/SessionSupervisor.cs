using System.Management.Automation;
using System.Runtime.CompilerServices;
using GeminiRealtime.Session;
using GeminiRealtime.Supervision;

namespace GeminiRealtime.PowerShell.Supervision
{
    /// <summary>A session's supervisor (Connect-GeminiRealtime -Supervisor or -SupervisorModel): a scriptblock or a model.</summary>
    internal sealed class SessionSupervisor
    {
        private static readonly ConditionalWeakTable<IGeminiSession, SessionSupervisor> BySession = new ConditionalWeakTable<IGeminiSession, SessionSupervisor>();

        private SessionSupervisor(ScriptBlock? scriptBlock, ModelSupervisor? model)
        {
            ScriptBlock = scriptBlock;
            Model = model;
        }

        /// <summary>The user's supervisor: <c>param($Transcript, $Question, $Session)</c>; runs on the pipeline thread.</summary>
        public ScriptBlock? ScriptBlock { get; }

        /// <summary>The supervisor model (owned by the conversation, which also runs its reviews).</summary>
        public ModelSupervisor? Model { get; }

        /// <summary>"scriptblock" or "model &lt;id&gt;": the transcript's source of its guidance.</summary>
        public string Description => Model != null ? "model " + Model.Model : "scriptblock";

        public static SessionSupervisor FromScriptBlock(ScriptBlock scriptBlock) => new SessionSupervisor(scriptBlock, null);

        public static SessionSupervisor FromModel(ModelSupervisor model) => new SessionSupervisor(null, model);

        public static void Attach(IGeminiSession session, SessionSupervisor supervisor)
        {
            BySession.Remove(session);
            BySession.Add(session, supervisor);
        }

        public static SessionSupervisor? Find(IGeminiSession session) => BySession.TryGetValue(session, out SessionSupervisor? supervisor) ? supervisor : null;
    }
}
