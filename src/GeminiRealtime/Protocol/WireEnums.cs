namespace GeminiRealtime.Protocol
{
    // Enums travel as their proto names. They are kept as strings on the wire types so that a value a newer
    // service invents never breaks the client (protocol.md §5: ignore unknown enum values); the emulator
    // checks them against these lists and closes with 1007 where the service would.

    /// <summary>Values of <c>generationConfig.responseModalities</c>.</summary>
    public static class Modality
    {
        public const string Audio = "AUDIO";
        public const string Text = "TEXT";
        public const string Image = "IMAGE";
        public const string Video = "VIDEO";
        public const string Document = "DOCUMENT";
        public const string Unspecified = "MODALITY_UNSPECIFIED";
        public static readonly string[] ResponseValues = { Audio, Text };
        public static readonly string[] TokenDetailValues = { Unspecified, Text, Image, Video, Audio, Document };
    }

    public static class MediaResolution
    {
        public const string Unspecified = "MEDIA_RESOLUTION_UNSPECIFIED";
        public const string Low = "MEDIA_RESOLUTION_LOW";
        public const string Medium = "MEDIA_RESOLUTION_MEDIUM";
        public const string High = "MEDIA_RESOLUTION_HIGH";
        public static readonly string[] Values = { Unspecified, Low, Medium, High };
    }

    public static class ThinkingLevel
    {
        public static readonly string[] Values = { "THINKING_LEVEL_UNSPECIFIED", "MINIMAL", "LOW", "MEDIUM", "HIGH" };
    }

    public static class StartSensitivity
    {
        public const string Unspecified = "START_SENSITIVITY_UNSPECIFIED";
        public const string High = "START_SENSITIVITY_HIGH";
        public const string Low = "START_SENSITIVITY_LOW";
        public static readonly string[] Values = { Unspecified, High, Low };
    }

    public static class EndSensitivity
    {
        public const string Unspecified = "END_SENSITIVITY_UNSPECIFIED";
        public const string High = "END_SENSITIVITY_HIGH";
        public const string Low = "END_SENSITIVITY_LOW";
        public static readonly string[] Values = { Unspecified, High, Low };
    }

    public static class ActivityHandling
    {
        public const string Unspecified = "ACTIVITY_HANDLING_UNSPECIFIED";
        public const string StartOfActivityInterrupts = "START_OF_ACTIVITY_INTERRUPTS";
        public const string NoInterruption = "NO_INTERRUPTION";
        public static readonly string[] Values = { Unspecified, StartOfActivityInterrupts, NoInterruption };
    }

    public static class TurnCoverage
    {
        public const string Unspecified = "TURN_COVERAGE_UNSPECIFIED";
        public const string OnlyActivity = "TURN_INCLUDES_ONLY_ACTIVITY";
        public const string AllInput = "TURN_INCLUDES_ALL_INPUT";
        public const string AudioActivityAndAllVideo = "TURN_INCLUDES_AUDIO_ACTIVITY_AND_ALL_VIDEO";
        public static readonly string[] Values = { Unspecified, OnlyActivity, AllInput, AudioActivityAndAllVideo };
    }

    public static class FunctionBehavior
    {
        public const string Unspecified = "UNSPECIFIED";
        public const string Blocking = "BLOCKING";
        public const string NonBlocking = "NON_BLOCKING";
        public static readonly string[] Values = { Unspecified, Blocking, NonBlocking };
    }

    public static class FunctionResponseScheduling
    {
        public const string Unspecified = "SCHEDULING_UNSPECIFIED";
        public const string Silent = "SILENT";
        public const string WhenIdle = "WHEN_IDLE";
        public const string Interrupt = "INTERRUPT";
        public static readonly string[] Values = { Unspecified, Silent, WhenIdle, Interrupt };
    }

    /// <summary>OpenAPI-subset schema types used in function declarations (upper case on the wire).</summary>
    public static class SchemaType
    {
        public const string String = "STRING";
        public const string Number = "NUMBER";
        public const string Integer = "INTEGER";
        public const string Boolean = "BOOLEAN";
        public const string Array = "ARRAY";
        public const string Object = "OBJECT";
        public const string Null = "NULL";
        public static readonly string[] Values = { "TYPE_UNSPECIFIED", String, Number, Integer, Boolean, Array, Object, Null };
    }

    public static class CodeOutcome
    {
        public static readonly string[] Values = { "OUTCOME_UNSPECIFIED", "OUTCOME_OK", "OUTCOME_FAILED", "OUTCOME_DEADLINE_EXCEEDED" };
    }

    public static class TurnCompleteReason
    {
        public const string Unspecified = "TURN_COMPLETE_REASON_UNSPECIFIED";
        public const string MalformedFunctionCall = "MALFORMED_FUNCTION_CALL";
        public const string ResponseRejected = "RESPONSE_REJECTED";
        public const string NeedMoreInput = "NEED_MORE_INPUT";
    }
}
