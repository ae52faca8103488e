using System.Collections.Generic;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>Rules for <c>Content</c> values: system instructions (protocol.md §4.1) and client turns (§4.2).</summary>
    internal static class ContentValidator
    {
        /// <summary>Google's REST text for a role other than user/model.</summary>
        public const string InvalidRoleReason = "Please use a valid role: user, model.";

        /// <summary>
        /// <c>systemInstruction</c>: text parts only (one paragraph per part), no <c>role</c> (protocol.md §4.1).
        /// Other parts or a role: 1007 (emulator wording).
        /// </summary>
        public static void ValidateSystemInstruction(Content? instruction, string path)
        {
            if (instruction == null) return;
            if (!string.IsNullOrEmpty(instruction.Role))
            {
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "role"), "a system instruction takes no role");
            }
            List<Part>? parts = instruction.Parts;
            if (parts == null) return;
            for (int i = 0; i < parts.Count; i++)
            {
                string partPath = ProtoPath.Item(ProtoPath.Field(path, "parts"), i);
                RequireOneDataField(parts[i], partPath);
                if (parts[i].Text == null || parts[i].Thought != null || parts[i].ThoughtSignature != null)
                {
                    throw ValidationRejections.AtPath(partPath, "a system instruction takes text parts only");
                }
            }
        }

        /// <summary>
        /// <c>clientContent.turns</c>: roles <c>user</c>/<c>model</c> only (a missing role is refused too: strict, since
        /// 3.8 needs explicit roles), every turn with at least one part, every part with exactly one data field.
        /// </summary>
        public static void ValidateTurns(List<Content>? turns, string path)
        {
            if (turns == null) return;
            for (int t = 0; t < turns.Count; t++)
            {
                Content turn = turns[t];
                string turnPath = ProtoPath.Item(path, t);
                if (turn.Role != "user" && turn.Role != "model")
                {
                    // Google's REST text; it names no path.
                    throw EmulatorRejection.InvalidArgument(InvalidRoleReason);
                }
                if (turn.Parts == null || turn.Parts.Count == 0)
                {
                    // Google's REST text: "* GenerateContentRequest.contents[0].parts: contents.parts must not be empty."
                    throw ValidationRejections.AtPath(ProtoPath.Field(turnPath, "parts"), "contents.parts must not be empty.");
                }
                for (int p = 0; p < turn.Parts.Count; p++)
                {
                    RequireOneDataField(turn.Parts[p], ProtoPath.Item(ProtoPath.Field(turnPath, "parts"), p));
                }
            }
        }

        /// <summary><c>Part.data</c> is a proto oneof: exactly one of text, inlineData, functionCall, … must be set.</summary>
        public static void RequireOneDataField(Part part, string partPath)
        {
            int dataFields = 0;
            if (part.Text != null) dataFields++;
            if (part.InlineData != null) dataFields++;
            if (part.FunctionCall != null) dataFields++;
            if (part.FunctionResponse != null) dataFields++;
            if (part.FileData != null) dataFields++;
            if (part.ExecutableCode != null) dataFields++;
            if (part.CodeExecutionResult != null) dataFields++;
            if (dataFields == 0)
            {
                // Google's REST text: "* ….contents[2].parts[1].data: required oneof field 'data' must have one initialized field"
                throw ValidationRejections.AtPath(ProtoPath.Field(partPath, "data"), "required oneof field 'data' must have one initialized field");
            }
            if (dataFields > 1)
            {
                // Emulator wording, in the same style.
                throw ValidationRejections.AtPath(ProtoPath.Field(partPath, "data"), "only one field of the oneof 'data' may be set");
            }
        }
    }
}
