using System;
using System.Collections;
using System.Management.Automation;

namespace GeminiRealtime.PowerShell.Tools
{
    /// <summary>Why a running handler's nested pipeline was stopped.</summary>
    internal enum HandlerStopReason
    {
        None,
        Cancelled,
        TimedOut,
        OuterStop,
    }

    /// <summary>
    /// One handler invocation, shared between the pipeline thread (which runs it in a nested pipeline) and the threads
    /// that may stop it (receive loop on toolCallCancellation, timeout timer, Ctrl+C). powershell-style.md §3.4: the
    /// stoppable instance is published only from inside the nested pipeline, under <see cref="_gate"/>, so a stop can
    /// never hit it before <c>Invoke()</c> has started.
    /// </summary>
    internal sealed class HandlerRun
    {
        private readonly object _gate = new object();
        private System.Management.Automation.PowerShell? _running;

        public HandlerRun(GeminiTool tool, GeminiToolCall info, Hashtable arguments)
        {
            Tool = tool;
            Info = info;
            Arguments = arguments;
        }

        public GeminiTool Tool { get; }
        public GeminiToolCall Info { get; }
        public Hashtable Arguments { get; }

        /// <summary>The nested instance that runs this handler (set by the pipeline thread before Invoke).</summary>
        public System.Management.Automation.PowerShell? Owner { get; set; }

        public HandlerStopReason StopReason { get; private set; }

        /// <summary>Inside the nested pipeline: publishes the instance; false when a stop already came (then do not start).</summary>
        public bool TryEnter()
        {
            lock (_gate)
            {
                if (StopReason != HandlerStopReason.None) return false;
                _running = Owner;
                return true;
            }
        }

        public void Exit()
        {
            lock (_gate) _running = null;
        }

        /// <summary>Any thread: records why and stops the nested pipeline if it is running (BeginStop: never blocks the caller).</summary>
        public void RequestStop(HandlerStopReason reason)
        {
            lock (_gate)
            {
                if (StopReason == HandlerStopReason.None) StopReason = reason;
                try
                {
                    _running?.BeginStop(null, null);
                }
                catch (ObjectDisposedException)
                {
                    // The pipeline thread already finished and disposed the instance: nothing left to stop.
                }
                catch (InvalidOperationException)
                {
                    // Already stopping or completed.
                }
            }
        }
    }

    /// <summary>
    /// Runs one tool handler inside the nested pipeline (internal: never exported). <c>InvokeWithContext</c> injects
    /// <c>$ToolCall</c> and binds the arguments positionally (no prompts); commands are splatted by name.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "GeminiToolHandler")]
    internal sealed class InvokeGeminiToolHandlerCommand : PSCmdlet
    {
        public static readonly CmdletInfo Info = new CmdletInfo("Invoke-GeminiToolHandler", typeof(InvokeGeminiToolHandlerCommand));

        [Parameter(Mandatory = true)]
        public HandlerRun? Run { get; set; }

        protected override void EndProcessing()
        {
            HandlerRun run = Run!;
            if (!run.TryEnter()) return;
            try
            {
                var variables = new System.Collections.Generic.List<PSVariable> { new PSVariable("ToolCall", run.Info) };
                System.Collections.ObjectModel.Collection<PSObject> output;
                if (run.Tool.ScriptBlock != null)
                {
                    output = run.Tool.ScriptBlock.InvokeWithContext(null, variables, ToolArguments.Positional(run.Tool, run.Arguments));
                }
                else
                {
                    output = CommandSplat.Invoke(run.Tool.Command!, ToolArguments.Named(run.Tool, run.Arguments), variables);
                }
                foreach (PSObject item in output) WriteObject(item);
            }
            finally
            {
                run.Exit();
            }
        }
    }
}
