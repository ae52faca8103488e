using System;
using System.Globalization;
using System.Management.Automation;
using GeminiRealtime.Voice;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// The live view of Start-GeminiVoice, drawn on the pipeline thread: the transcript turn by turn on the host
    /// ("You:", "Gemini:", "[interrupted]") and the mic level as a progress bar.
    /// </summary>
    internal sealed class VoiceConsole
    {
        private readonly GeminiCmdlet _cmdlet;
        private readonly bool _quiet;
        private VoiceTurn? _inputTurn;
        private VoiceTurn? _outputTurn;
        private bool _midLine;
        private bool _progressShown;

        public VoiceConsole(GeminiCmdlet cmdlet, bool quiet)
        {
            _cmdlet = cmdlet;
            _quiet = quiet;
        }

        public void Show(VoiceEvent e)
        {
            switch (e.Kind)
            {
                case VoiceEventKind.Notice:
                    _cmdlet.WriteVerbose(e.Text);
                    return;
                case VoiceEventKind.TurnEnded:
                    _cmdlet.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Turn {0} complete: {1:0.00} s of audio{2}{3}{4}.",
                        e.Turn!.Index, e.Turn.AudioReceived.TotalSeconds,
                        e.Turn.TimeToFirstAudio is TimeSpan ttfa ? $", first audio after {ttfa.TotalMilliseconds:0} ms" : string.Empty,
                        e.Turn.BargeInStopLatency is TimeSpan stop ? $", playback stopped {stop.TotalMilliseconds:0} ms after interrupted" : string.Empty,
                        e.Turn.Interrupted ? ", interrupted" : string.Empty));
                    break;
            }
            if (_quiet) return;
            switch (e.Kind)
            {
                case VoiceEventKind.Level:
                    Level(e.LevelDbfs, e.Gated);
                    break;
                case VoiceEventKind.InputText:
                    if (_inputTurn != e.Turn)
                    {
                        NewLine();
                        Write("You: ");
                        _inputTurn = e.Turn;
                        _outputTurn = null;
                    }
                    Write(e.Text!);
                    break;
                case VoiceEventKind.OutputText:
                    if (_outputTurn != e.Turn)
                    {
                        NewLine();
                        Write("Gemini: ");
                        _outputTurn = e.Turn;
                    }
                    Write(e.Text!);
                    break;
                case VoiceEventKind.Interrupted:
                    Write(" [interrupted]");
                    break;
                case VoiceEventKind.TurnEnded:
                    NewLine();
                    break;
            }
        }

        public void Talking(bool talking)
        {
            if (_quiet) return;
            NewLine();
            _cmdlet.Host.UI.WriteLine(talking ? "[talking: press Space to stop]" : "[listening stopped: press Space to talk]");
        }

        public void Done()
        {
            if (_quiet) return;
            NewLine();
            if (_progressShown)
                _cmdlet.WriteProgress(new ProgressRecord(0x6e1, "Gemini voice", "done") { RecordType = ProgressRecordType.Completed });
        }

        private void Level(double dbfs, bool gated)
        {
            // -60 dBFS .. 0 dBFS in 20 steps.
            int bars = (int)Math.Max(0, Math.Min(20, Math.Round((dbfs + 60) / 3)));
            string status = string.Format(CultureInfo.InvariantCulture, "mic {0}{1} {2,4:0} dBFS{3}", new string('|', bars), new string('.', 20 - bars), dbfs,
                gated ? " (muted while Gemini speaks)" : string.Empty);
            _cmdlet.WriteProgress(new ProgressRecord(0x6e1, "Gemini voice (Ctrl+C to stop)", status) { PercentComplete = bars * 5 });
            _progressShown = true;
        }

        private void Write(string text)
        {
            _cmdlet.Host.UI.Write(text);
            _midLine = true;
        }

        private void NewLine()
        {
            if (!_midLine) return;
            _cmdlet.Host.UI.WriteLine();
            _midLine = false;
        }
    }
}
