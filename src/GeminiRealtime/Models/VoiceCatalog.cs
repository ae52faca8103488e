using System.Collections.Generic;

namespace GeminiRealtime.Models
{
    /// <summary>Prebuilt voice names (case-sensitive), protocol.md §10.3.</summary>
    public static class VoiceCatalog
    {
        public static readonly IReadOnlyList<string> NativeAudioVoices = new[]
        {
            "Achernar", "Achird", "Algenib", "Algieba", "Alnilam", "Aoede", "Autonoe", "Callirrhoe", "Charon", "Despina",
            "Enceladus", "Erinome", "Fenrir", "Gacrux", "Iapetus", "Kore", "Laomedeia", "Leda", "Orus", "Pulcherrima",
            "Puck", "Rasalgethi", "Sadachbia", "Sadaltager", "Schedar", "Sulafat", "Umbriel", "Vindemiatrix", "Zephyr",
            "Zubenelgenubi",
        };

        public static readonly IReadOnlyList<string> HalfCascadeVoices = new[]
        {
            "Puck", "Charon", "Kore", "Fenrir", "Aoede", "Leda", "Orus", "Zephyr",
        };
    }
}
