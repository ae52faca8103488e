using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Rules for every client message after <c>setup</c> (protocol.md §4.2–§4.5, §10.2, §12.7). Whether a tool
    /// response's id matches a pending call, and whether <c>turnComplete</c> has a turn to complete, are the
    /// server's to check: they depend on the conversation, not on the message.
    /// </summary>
    public static class ClientMessageValidator
    {
        private const int MinAudioRate = 8000;
        private const int MaxAudioRate = 48000;

        /// <summary>Throws <see cref="EmulatorRejection"/> when the service would close the connection for <paramref name="message"/>.</summary>
        public static void Validate(ClientMessage message, EmulatorSessionRules rules)
        {
            if (message == null) throw new ArgumentNullException(nameof(message));
            if (rules == null) throw new ArgumentNullException(nameof(rules));

            if (message.PresentKinds().Count() != 1) throw ValidationRejections.NotExactlyOneMessage();

            if (message.Setup != null)
            {
                // §3 / §12.3: setup first and only once. The service's wording is unknown (emulator wording).
                throw ValidationRejections.AtPath("setup", "the connection is already set up; setup may be sent only once");
            }
            if (message.RealtimeInput != null) ValidateRealtimeInput(message.RealtimeInput, rules);
            if (message.ClientContent != null) ValidateClientContent(message.ClientContent, rules);
            if (message.ToolResponse != null) ValidateToolResponse(message.ToolResponse, rules);
            if (message.ContextUpdate != null) ValidateContextUpdate(message.ContextUpdate, rules);
        }

        // §4.3: one field per message; media formats per §7; activity signals per VAD mode (§12.7).
        private static void ValidateRealtimeInput(RealtimeInput input, EmulatorSessionRules rules)
        {
            bool hasMediaChunks = input.MediaChunks != null && input.MediaChunks.Count > 0;
            int fields = (hasMediaChunks ? 1 : 0) + (input.Audio != null ? 1 : 0) + (input.AudioStreamEnd != null ? 1 : 0)
                + (input.Video != null ? 1 : 0) + (input.Text != null ? 1 : 0) + (input.ActivityStart != null ? 1 : 0)
                + (input.ActivityEnd != null ? 1 : 0);
            if (fields != 1)
            {
                // Several fields per message: UNCERTAIN on the service (every SDK sends one) → refused, emulator wording.
                throw ValidationRejections.AtPath("realtime_input",
                    "exactly one of audio, video, text, audio_stream_end, activity_start, activity_end must be set");
            }

            if (hasMediaChunks)
            {
                // §4.3 / §10.2: deprecated; 3.1 refuses it with this text, 3.8 is UNCERTAIN → refused too.
                if (!rules.Model.AcceptsMediaChunks) throw EmulatorRejection.InvalidArgument(ServiceReasons.MediaChunksDeprecated);
                for (int i = 0; i < input.MediaChunks!.Count; i++)
                {
                    string chunkPath = ProtoPath.Item("realtime_input.media_chunks", i);
                    Blob chunk = input.MediaChunks[i];
                    if (IsAudioMimeType(chunk.MimeType)) ValidateBlob(chunk, chunkPath, IsAudioMimeType);
                    else ValidateBlob(chunk, chunkPath, IsImageMimeType);
                }
            }
            if (input.Audio != null) ValidateBlob(input.Audio, "realtime_input.audio", IsAudioMimeType);
            if (input.Video != null) ValidateBlob(input.Video, "realtime_input.video", IsImageMimeType);

            // §4.1.3 / §4.3: activityStart/activityEnd only with automatic VAD off; audioStreamEnd only with it on.
            if (input.ActivityStart != null && !rules.AutomaticActivityDetectionDisabled)
            {
                throw ValidationRejections.AtPath("realtime_input.activity_start", "only allowed when automatic activity detection is disabled");
            }
            if (input.ActivityEnd != null && !rules.AutomaticActivityDetectionDisabled)
            {
                throw ValidationRejections.AtPath("realtime_input.activity_end", "only allowed when automatic activity detection is disabled");
            }
            if (input.AudioStreamEnd != null && rules.AutomaticActivityDetectionDisabled)
            {
                throw ValidationRejections.AtPath("realtime_input.audio_stream_end", "only allowed when automatic activity detection is enabled");
            }
        }

        private static void ValidateBlob(Blob blob, string path, Func<string?, bool> acceptsMimeType)
        {
            if (!acceptsMimeType(blob.MimeType))
            {
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "mime_type"), $"unsupported MIME type \"{blob.MimeType}\"");
            }
            if (blob.Data == null || blob.Data.Length == 0)
            {
                throw ValidationRejections.AtPath(ProtoPath.Field(path, "data"), "required field is missing");
            }
        }

        /// <summary>§7: raw PCM, <c>audio/pcm</c> (16 kHz) or <c>audio/pcm;rate=N</c> with N in 8000..48000 (exact spelling: strict).</summary>
        private static bool IsAudioMimeType(string? mimeType)
        {
            if (mimeType == null) return false;
            if (mimeType == "audio/pcm") return true;
            const string prefix = "audio/pcm;rate=";
            if (!mimeType.StartsWith(prefix, StringComparison.Ordinal)) return false;
            string rateText = mimeType.Substring(prefix.Length);
            return rateText.Length > 0 && rateText.All(c => c >= '0' && c <= '9')
                && int.TryParse(rateText, NumberStyles.None, CultureInfo.InvariantCulture, out int rate)
                && rate >= MinAudioRate && rate <= MaxAudioRate;
        }

        /// <summary>§4.3 / §7: one JPEG (PNG also seen) per message.</summary>
        private static bool IsImageMimeType(string? mimeType) => mimeType == "image/jpeg" || mimeType == "image/png";

        // §4.2 and the per-model rules of §10.2.
        private static void ValidateClientContent(ClientContent content, EmulatorSessionRules rules)
        {
            ContentValidator.ValidateTurns(content.Turns, "client_content.turns");

            switch (rules.Model.ClientContent)
            {
                case ClientContentSupport.InitialHistoryOnly when rules.GenerationStarted:
                    // §4.2: 3.1 took clientContent as initial history only; later text gave 1011 (UNCERTAIN).
                    throw new EmulatorRejection(CloseCodes.InternalError, ServiceReasons.Internal);
                case ClientContentSupport.SeedEndsWithUser when content.TurnComplete == true && content.Turns != null && content.Turns.Count > 0
                                                               && content.Turns[content.Turns.Count - 1].Role == "model":
                    // §4.2: on 2.5 a seed must end with a user turn.
                    throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
            }
        }

        // §4.4.
        private static void ValidateToolResponse(ToolResponse response, EmulatorSessionRules rules)
        {
            List<FunctionResponse>? answers = response.FunctionResponses;
            if (answers == null || answers.Count == 0)
            {
                throw ValidationRejections.AtPath("tool_response.function_responses", "must not be empty");
            }
            for (int i = 0; i < answers.Count; i++)
            {
                FunctionResponse answer = answers[i];
                string path = ProtoPath.Item("tool_response.function_responses", i);
                // The Gemini API's calls always carry an id, and the SDKs refuse to answer without one.
                if (string.IsNullOrEmpty(answer.Id)) throw ValidationRejections.AtPath(ProtoPath.Field(path, "id"), "Id cannot be empty.");
                if (string.IsNullOrEmpty(answer.Name)) throw ValidationRejections.AtPath(ProtoPath.Field(path, "name"), "Name cannot be empty.");
                // proto: response is REQUIRED ({"output": …} or {"error": …}).
                if (answer.Response == null || answer.Response.Value.ValueKind == System.Text.Json.JsonValueKind.Null)
                {
                    throw ValidationRejections.AtPath(ProtoPath.Field(path, "response"), "required field is missing");
                }

                if (!string.IsNullOrEmpty(answer.Scheduling))
                {
                    string schedulingPath = ProtoPath.Field(path, "scheduling");
                    // The 3.8 page's "INTERRUPTED" is not a proto name (UNCERTAIN) → refused like any other unknown name.
                    if (Array.IndexOf(FunctionResponseScheduling.Values, answer.Scheduling) < 0)
                    {
                        throw ProtoJsonRejections.InvalidEnumValue(schedulingPath, ProtoEnumNames.Scheduling, rules.ApiVersion, answer.Scheduling!);
                    }
                    if (!rules.IsNonBlockingFunction(answer.Name))
                    {
                        throw ValidationRejections.AtPath(schedulingPath, "only allowed for NON_BLOCKING functions");
                    }
                }
            }
        }

        // §4.5 (UNCERTAIN): documented for 3.8 only.
        private static void ValidateContextUpdate(ContextUpdate update, EmulatorSessionRules rules)
        {
            if (rules.Model.Family != ModelFamily.Live38) throw ValidationRejections.NotSupportedByModel("context_update", rules.Model);
            ContentValidator.ValidateSystemInstruction(update.SystemInstruction, "context_update.system_instruction");
            if (update.Tools != null)
            {
                ToolDeclarationsValidator.Validate(update.Tools.Tools, "context_update.tools.tools", rules.Model, rules.ApiVersion);
            }
        }
    }
}
