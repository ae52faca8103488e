using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using GeminiRealtime.Audio;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Sends a WAV file (any rate, depth or channel count; resampled to 16 kHz mono) as one spoken user turn and returns
    /// the reply; -OutFile saves the reply audio. No audio device is needed.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "GeminiAudio", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(GeminiReply))]
    public sealed class SendGeminiAudioCommand : SessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Save the reply audio as a 24 kHz WAV file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Send at real-time speed (as a microphone would) instead of as fast as the socket takes it.</summary>
        [Parameter]
        public SwitchParameter RealTime { get; set; }

        [Parameter]
        [ValidateRange(20, 1000)]
        public int ChunkMs { get; set; } = 40;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 120;

        protected override void ProcessRecord()
        {
            string path = GetUnresolvedProviderPathFromPSPath(Path);
            IGeminiSession session = ResolveSession();
            byte[] pcm;
            int sourceRate;
            try
            {
                pcm = WavReader.ReadPcm16(path, PcmFormat.Input16k.SampleRate, out sourceRate);
            }
            catch (Exception ex) when (ex is IOException || ex is InvalidDataException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "GeminiAudioFileUnreadable", ErrorCategory.ReadError, path));
                return;
            }
            TimeSpan length = PcmFormat.Input16k.DurationOf(pcm.Length);
            if (!ShouldProcess($"session {session.Id} ({session.Model})", $"Send {length.TotalSeconds:0.0} s of audio from {path}")) return;
            if (sourceRate != PcmFormat.Input16k.SampleRate) WriteVerbose($"{path}: resampled {sourceRate} Hz to 16000 Hz.");

            bool manual = session.UsesManualActivity();
            var runner = new TurnRunner(this, session);
            var turn = new TurnAssembler(session.Id.ToString(CultureInfo.InvariantCulture), session.Model, session.TextPartsAreAnswer, null, DateTimeOffset.Now);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(StopToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(TimeoutSec));
            try
            {
                int chunk = PcmFormat.Input16k.BytesPerSecond * ChunkMs / 1000 / 2 * 2;
                WriteVerbose($"Session {session.Id}: sending {length.TotalSeconds:0.00} s as realtimeInput.audio in {ChunkMs} ms chunks{(manual ? " between activityStart and activityEnd" : ", then audioStreamEnd")}.");
                if (manual) Wait(session.SendActivityStartAsync(deadline.Token));
                var clock = System.Diagnostics.Stopwatch.StartNew();
                for (int offset = 0; offset < pcm.Length; offset += chunk)
                {
                    int n = Math.Min(chunk, pcm.Length - offset);
                    if (RealTime)
                    {
                        TimeSpan due = PcmFormat.Input16k.DurationOf(offset);
                        if (due > clock.Elapsed && deadline.Token.WaitHandle.WaitOne(due - clock.Elapsed)) deadline.Token.ThrowIfCancellationRequested();
                    }
                    Wait(session.SendAudioAsync(new ReadOnlyMemory<byte>(pcm, offset, n), deadline.Token));
                }
                Wait(manual ? session.SendActivityEndAsync(deadline.Token) : session.SendAudioStreamEndAsync(deadline.Token));
                GeminiReply reply = runner.WaitForTurn(turn, deadline.Token);
                if (OutFile != null)
                {
                    string outPath = GetUnresolvedProviderPathFromPSPath(OutFile);
                    if (reply.HasAudio)
                    {
                        reply.SaveAudio(outPath);
                        WriteVerbose($"Saved {reply.AudioDuration.TotalSeconds:0.00} s of reply audio to {outPath}.");
                    }
                    else
                    {
                        WriteWarning("The reply has no audio (TEXT modality?); nothing was saved.");
                    }
                }
                WriteObject(reply);
            }
            catch (OperationCanceledException) when (!StopToken.IsCancellationRequested)
            {
                ThrowTerminatingError(ErrorRecords.From(new TimeoutException($"No turnComplete within {TimeoutSec} s after sending the audio."), session));
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is InvalidOperationException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, session));
            }
        }
    }
}
