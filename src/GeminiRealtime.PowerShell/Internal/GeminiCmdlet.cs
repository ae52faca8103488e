using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// Base of every cmdlet that waits: one CancellationTokenSource per invocation, cancelled by Ctrl+C
    /// (StopProcessing); engine tasks are awaited on the pipeline thread, never the other way round.
    /// </summary>
    public abstract class GeminiCmdlet : PSCmdlet, IDisposable
    {
        private CancellationTokenSource? _stopping;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken StopToken => (_stopping ??= new CancellationTokenSource()).Token;

        protected override void BeginProcessing() => _stopping ??= new CancellationTokenSource();

        protected override void StopProcessing() => _stopping?.Cancel();

        /// <summary>Blocks the pipeline thread on an engine task; a Ctrl+C becomes PipelineStoppedException.</summary>
        protected T Wait<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        protected void Wait(Task task)
        {
            try
            {
                task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary><see cref="StopToken"/> and <see cref="Wait{T}"/> for helpers shared by several cmdlets.</summary>
        internal CancellationToken StoppingToken => StopToken;

        internal T WaitFor<T>(Task<T> task) => Wait(task);

        internal void WaitFor(Task task) => Wait(task);

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (disposing)
            {
                _stopping?.Dispose();
                _stopping = null;
            }
        }
    }
}
