using System.Collections.Generic;
using GeminiRealtime.PowerShell.Tools;

namespace GeminiRealtime.PowerShell.Supervision
{
    /// <summary>The <c>ask_supervisor</c> tool a session with a supervisor declares to the live model.</summary>
    internal static class SupervisorTool
    {
        public const string Name = "ask_supervisor";

        public const string Description =
            "Ask your supervisor, a more capable model that has read this whole conversation, for help with a hard question: "
            + "facts you are unsure of, multi-step reasoning, calculations, or what to do next. Returns the supervisor's answer as text.";

        public static GeminiTool Create(int timeoutSec)
        {
            GeminiTool tool = ToolFactory.FromCommand(Name, InvokeGeminiSupervisorCommand.Info, Description, new List<string>());
            tool.TimeoutSec = timeoutSec;
            tool.Source = "Supervisor";
            return tool;
        }
    }
}
