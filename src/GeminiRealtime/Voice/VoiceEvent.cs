using System;
using System.Collections.Generic;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Voice
{
    public enum VoiceEventKind
    {
        /// <summary>Mic level (<see cref="VoiceEvent.LevelDbfs"/>), a few times a second.</summary>
        Level,
        /// <summary>An inputTranscription delta (<see cref="VoiceEvent.Text"/>).</summary>
        InputText,
        /// <summary>An outputTranscription delta.</summary>
        OutputText,
        /// <summary>serverContent.interrupted: playback was cut.</summary>
        Interrupted,
        /// <summary>A turn completed (<see cref="VoiceEvent.Turn"/>).</summary>
        TurnEnded,
        /// <summary>The model called functions (<see cref="VoiceEvent.Calls"/>): the pipeline thread must answer.</summary>
        ToolCall,
        /// <summary>Something worth telling the user (Write-Verbose).</summary>
        Notice,
    }

    /// <summary>One thing for the cmdlet's pipeline thread to show or do.</summary>
    public sealed class VoiceEvent
    {
        internal VoiceEvent(VoiceEventKind kind) => Kind = kind;

        public VoiceEventKind Kind { get; }
        public string? Text { get; internal set; }
        public double LevelDbfs { get; internal set; }
        public bool Gated { get; internal set; }
        public VoiceTurn? Turn { get; internal set; }
        public IReadOnlyList<FunctionCall>? Calls { get; internal set; }
    }
}
