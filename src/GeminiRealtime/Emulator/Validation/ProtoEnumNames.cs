namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Proto names of the enums behind the wire types' string fields (relative to
    /// <c>google.ai.generativelanguage.{version}</c>), as Google's parser prints them in
    /// <c>Invalid value at '…' (type.googleapis.com/…), "X"</c>.
    /// </summary>
    internal static class ProtoEnumNames
    {
        public const string Modality = "GenerationConfig.Modality";
        public const string MediaResolution = "GenerationConfig.MediaResolution";
        public const string ThinkingLevel = "ThinkingConfig.ThinkingLevel";
        public const string StartSensitivity = "AutomaticActivityDetection.StartSensitivity";
        public const string EndSensitivity = "AutomaticActivityDetection.EndSensitivity";
        public const string ActivityHandling = "RealtimeInputConfig.ActivityHandling";
        public const string TurnCoverage = "RealtimeInputConfig.TurnCoverage";
        public const string Behavior = "FunctionDeclaration.Behavior";
        public const string SchemaType = "Type";
        public const string Scheduling = "FunctionResponse.Scheduling";
        public const string Language = "ExecutableCode.Language";
        public const string Outcome = "CodeExecutionResult.Outcome";

        /// <summary>
        /// The values proto accepts for <c>GenerationConfig.Modality</c>. Only AUDIO and TEXT are response
        /// modalities in Live; the others parse but are refused by the model.
        /// </summary>
        public static readonly string[] ModalityValues = { "MODALITY_UNSPECIFIED", "TEXT", "IMAGE", "AUDIO" };

        /// <summary>The label in <c>Invalid value</c> texts: scalars as is, message and enum names as type URLs.</summary>
        public static string FormatTypeLabel(string label, string apiVersion)
        {
            if (label.StartsWith("TYPE_", System.StringComparison.Ordinal)) return label;
            if (label.StartsWith("google.protobuf.", System.StringComparison.Ordinal)) return "type.googleapis.com/" + label;
            return "type.googleapis.com/google.ai.generativelanguage." + apiVersion + "." + label;
        }
    }
}
