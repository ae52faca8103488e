using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Checks a <c>setup</c> the way the service does (protocol.md §4.1, §10, §12.4): the model must be served, and the
    /// configuration must suit it. Where protocol.md says UNCERTAIN the emulator refuses (§12). Expects a setup read
    /// by <see cref="StrictClientMessageReader"/> (unknown fields are refused there).
    /// </summary>
    public static class SetupValidator
    {
        private const string ModelNamePrefix = "models/";

        /// <summary>Returns the model row the session runs with, or throws <see cref="EmulatorRejection"/>.</summary>
        /// <param name="setup">The setup as <see cref="StrictClientMessageReader"/> read it.</param>
        /// <param name="apiVersion"><c>v1beta</c>, <c>v1alpha</c> or <c>v1</c>: named in the not-found text and in type URLs.</param>
        /// <param name="models">The ids the emulator serves.</param>
        public static LiveModel Validate(LiveSetup setup, string apiVersion, EmulatorModelTable models)
        {
            if (setup == null) throw new ArgumentNullException(nameof(setup));
            if (apiVersion == null) throw new ArgumentNullException(nameof(apiVersion));
            if (models == null) throw new ArgumentNullException(nameof(models));

            LiveModel model = ResolveModel(setup.Model, apiVersion, models);
            ValidateGenerationConfig(setup.GenerationConfig, model, apiVersion);
            ContentValidator.ValidateSystemInstruction(setup.SystemInstruction, "setup.system_instruction");
            ToolDeclarationsValidator.Validate(setup.Tools, "setup.tools", model, apiVersion);
            ValidateRealtimeInputConfig(setup.RealtimeInputConfig, apiVersion);
            ValidateSessionResumption(setup.SessionResumption);
            ValidateContextWindowCompression(setup.ContextWindowCompression);
            ValidateProactivity(setup.Proactivity, model);
            ValidateHistoryConfig(setup.HistoryConfig, model);
            return model;
        }

        // §4.1 model: required, "models/{id}". §10.1: unknown or retired → 1008 with the service's not-found text.
        private static LiveModel ResolveModel(string? modelName, string apiVersion, EmulatorModelTable models)
        {
            if (string.IsNullOrEmpty(modelName))
            {
                // A missing model: the service's wording is unknown; its generic INVALID_ARGUMENT text.
                throw EmulatorRejection.InvalidArgument(ServiceReasons.InvalidArgument);
            }
            if (!modelName!.StartsWith(ModelNamePrefix, StringComparison.Ordinal))
            {
                // UNCERTAIN: every SDK adds "models/" before sending, so a bare id is rare on the wire. The service
                // resolves the name literally, so the emulator answers it as an unknown resource: 1008 with the
                // not-found text naming the name as sent (not a silent "models/" prefix).
                throw EmulatorRejection.NotFound(ServiceReasons.ModelNameNotFound(modelName, apiVersion));
            }
            string id = modelName.Substring(ModelNamePrefix.Length);
            LiveModel? model = models.FindServed(id);
            if (model == null)
            {
                // Full text; the sender cuts it to 123 bytes.
                throw EmulatorRejection.NotFound(ServiceReasons.ModelNotFound(id, apiVersion));
            }
            return model;
        }

        // §4.1.1 generationConfig.
        private static void ValidateGenerationConfig(GenerationConfig? config, LiveModel model, string apiVersion)
        {
            if (config == null)
            {
                RequireResponseModalitySupported(Modality.Audio, model);
                return;
            }

            string modality = ValidateResponseModalities(config.ResponseModalities, model, apiVersion);
            ValidateSpeechConfig(config.SpeechConfig, modality, model);
            ValidateThinkingConfig(config.ThinkingConfig, model, apiVersion);

            // §10.2: affective dialog on 2.5 native audio only (3.8 removed the field).
            if (config.EnableAffectiveDialog != null && !model.SupportsAffectiveDialog)
            {
                throw ValidationRejections.NotSupportedByModel("setup.generation_config.enable_affective_dialog", model);
            }

            // §4.1.1 mediaResolution: the proto enum's names.
            if (!string.IsNullOrEmpty(config.MediaResolution) && Array.IndexOf(MediaResolution.Values, config.MediaResolution) < 0)
            {
                throw ProtoJsonRejections.InvalidEnumValue("setup.generation_config.media_resolution", ProtoEnumNames.MediaResolution, apiVersion, config.MediaResolution!);
            }

            // §4.1.1: Live generates one candidate.
            if (config.CandidateCount != null && config.CandidateCount != 1)
            {
                throw ValidationRejections.AtPath("setup.generation_config.candidate_count", "only one candidate can be specified");
            }

            // §4.1.1 sampling settings: the usual Gemini ranges.
            RequireInRange("setup.generation_config.temperature", config.Temperature, 0, 2);
            RequireInRange("setup.generation_config.top_p", config.TopP, 0, 1);
            if (config.TopK != null && config.TopK < 1)
            {
                throw ValidationRejections.AtPath("setup.generation_config.top_k", Invariant(config.TopK.Value) + " is out of range; it must be at least 1");
            }
        }

        // §4.1.1 responseModalities: exactly one of AUDIO/TEXT (absent = AUDIO); TEXT per model (§10.2). Returns the one in effect.
        private static string ValidateResponseModalities(List<string>? modalities, LiveModel model, string apiVersion)
        {
            if (modalities == null || modalities.Count == 0)
            {
                RequireResponseModalitySupported(Modality.Audio, model);
                return Modality.Audio;
            }
            for (int i = 0; i < modalities.Count; i++)
            {
                if (Array.IndexOf(ProtoEnumNames.ModalityValues, modalities[i]) < 0)
                {
                    throw ProtoJsonRejections.InvalidEnumValue(
                        ProtoPath.Item("setup.generation_config.response_modalities", i), ProtoEnumNames.Modality, apiVersion, modalities[i]);
                }
            }
            if (modalities.Count > 1)
            {
                // Modelled on the 3.1 text for TEXT (§9); two modalities are never accepted in Live (§4.1.1).
                throw EmulatorRejection.InvalidArgument(UnsupportedModalitiesReason(string.Join(", ", modalities), model));
            }
            RequireResponseModalitySupported(modalities[0], model);
            return modalities[0];
        }

        private static void RequireResponseModalitySupported(string modality, LiveModel model)
        {
            if (modality == Modality.Text)
            {
                string? rejection = model.TextModalityRejection;
                if (rejection != null) throw EmulatorRejection.InvalidArgument(rejection);
                if (!model.SupportsTextModality) throw EmulatorRejection.InvalidArgument(UnsupportedModalitiesReason(modality, model));
                return;
            }
            if (modality == Modality.Audio && model.SupportsAudioModality) return;
            // AUDIO on a TEXT-only model, IMAGE, MODALITY_UNSPECIFIED: the 3.1 wording (§9), emulator choice.
            throw EmulatorRejection.InvalidArgument(UnsupportedModalitiesReason(modality, model));
        }

        private static string UnsupportedModalitiesReason(string modalities, LiveModel model) =>
            "The requested combination of response modalities (" + modalities + ") is not supported by the model. models/" + model.Id;

        // §4.1.1 speechConfig, §10.3 voices.
        private static void ValidateSpeechConfig(SpeechConfig? speech, string modality, LiveModel model)
        {
            if (speech == null) return;
            const string path = "setup.generation_config.speech_config";

            // §4.1.1: multiSpeakerVoiceConfig is unsupported in Live.
            if (speech.MultiSpeakerVoiceConfig.HasValue && speech.MultiSpeakerVoiceConfig.Value.ValueKind != System.Text.Json.JsonValueKind.Null)
            {
                throw ValidationRejections.NotSupportedByModel(path + ".multi_speaker_voice_config", model);
            }

            // §4.1.1 / §10.2: languageCode on half-cascade models only.
            if (!string.IsNullOrEmpty(speech.LanguageCode) && !model.SupportsLanguageCode)
            {
                throw ValidationRejections.NotSupportedByModel(path + ".language_code", model);
            }

            string? voice = speech.VoiceConfig?.PrebuiltVoiceConfig?.VoiceName;
            if (string.IsNullOrEmpty(voice)) return;
            if (modality != Modality.Audio)
            {
                // A voice on a TEXT session (only TEXT-capable models get here). The service's reaction is unknown;
                // strict, emulator wording.
                throw ValidationRejections.AtPath(path, "a voice needs the AUDIO response modality");
            }
            // §10.3: case-sensitive names; an unknown name is UNCERTAIN on the service → 1007.
            if (!model.Voices.Contains(voice!, StringComparer.Ordinal))
            {
                throw ValidationRejections.AtPath(path + ".voice_config.prebuilt_voice_config.voice_name", $"unknown voice \"{voice}\"");
            }
        }

        // §4.1.1 thinkingConfig / §10.2: budget on 2.5 native audio, level on 3.1 and 3.8 extended thinking, omitted on 3.8.
        private static void ValidateThinkingConfig(ThinkingConfig? thinking, LiveModel model, string apiVersion)
        {
            if (thinking == null) return;
            const string path = "setup.generation_config.thinking_config";
            switch (model.Thinking)
            {
                case ThinkingSupport.Budget:
                    if (thinking.ThinkingLevel != null) throw ValidationRejections.NotSupportedByModel(path + ".thinking_level", model);
                    if (thinking.ThinkingBudget != null && thinking.ThinkingBudget < -1)
                    {
                        throw ValidationRejections.AtPath(path + ".thinking_budget", "must be -1 (dynamic), 0 (off) or a positive number of tokens");
                    }
                    break;
                case ThinkingSupport.Level:
                    if (thinking.ThinkingBudget != null) throw ValidationRejections.NotSupportedByModel(path + ".thinking_budget", model);
                    if (thinking.IncludeThoughts != null) throw ValidationRejections.NotSupportedByModel(path + ".include_thoughts", model);
                    if (thinking.ThinkingLevel != null && Array.IndexOf(ThinkingLevel.Values, thinking.ThinkingLevel) < 0)
                    {
                        throw ProtoJsonRejections.InvalidEnumValue(path + ".thinking_level", ProtoEnumNames.ThinkingLevel, apiVersion, thinking.ThinkingLevel);
                    }
                    break;
                default:
                    // Omit (3.8) and None: any thinkingConfig, even {}.
                    throw ValidationRejections.NotSupportedByModel(path, model);
            }
        }

        // §4.1.3 realtimeInputConfig: enum names from WireEnums; durations not negative.
        private static void ValidateRealtimeInputConfig(RealtimeInputConfig? config, string apiVersion)
        {
            if (config == null) return;
            const string path = "setup.realtime_input_config";
            RequireEnumValue(path + ".activity_handling", config.ActivityHandling, ActivityHandling.Values, ProtoEnumNames.ActivityHandling, apiVersion);
            RequireEnumValue(path + ".turn_coverage", config.TurnCoverage, TurnCoverage.Values, ProtoEnumNames.TurnCoverage, apiVersion);

            AutomaticActivityDetection? detection = config.AutomaticActivityDetection;
            if (detection == null) return;
            const string detectionPath = path + ".automatic_activity_detection";
            RequireEnumValue(detectionPath + ".start_of_speech_sensitivity", detection.StartOfSpeechSensitivity, StartSensitivity.Values, ProtoEnumNames.StartSensitivity, apiVersion);
            RequireEnumValue(detectionPath + ".end_of_speech_sensitivity", detection.EndOfSpeechSensitivity, EndSensitivity.Values, ProtoEnumNames.EndSensitivity, apiVersion);
            RequireNotNegative(detectionPath + ".prefix_padding_ms", detection.PrefixPaddingMs);
            RequireNotNegative(detectionPath + ".silence_duration_ms", detection.SilenceDurationMs);
        }

        // §1.3 / §4.1: "transparent" exists only in Vertex AI's proto; the Gemini API's parser does not know the field.
        private static void ValidateSessionResumption(SessionResumptionConfig? resumption)
        {
            if (resumption?.Transparent != null)
            {
                throw ProtoJsonRejections.UnknownName("transparent", "setup.session_resumption");
            }
        }

        // §4.1 contextWindowCompression: int64 token counts, target below trigger.
        private static void ValidateContextWindowCompression(ContextWindowCompressionConfig? compression)
        {
            if (compression == null) return;
            const string path = "setup.context_window_compression";
            RequireNotNegative(path + ".trigger_tokens", compression.TriggerTokens);
            long? target = compression.SlidingWindow?.TargetTokens;
            RequireNotNegative(path + ".sliding_window.target_tokens", target);
            if (target != null && compression.TriggerTokens != null && target >= compression.TriggerTokens)
            {
                throw ValidationRejections.AtPath(path + ".sliding_window.target_tokens", "must be less than trigger_tokens");
            }
        }

        // §4.1 / §10.2 proactivity: 2.5 takes it; 3.8 is always proactive and refuses proactiveAudio: false.
        private static void ValidateProactivity(ProactivityConfig? proactivity, LiveModel model)
        {
            if (proactivity == null) return;
            if (!model.SupportsProactivityConfig) throw ValidationRejections.NotSupportedByModel("setup.proactivity", model);
            if (model.Family == ModelFamily.Live38 && proactivity.ProactiveAudio == false)
            {
                throw ValidationRejections.AtPath("setup.proactivity.proactive_audio", "cannot be false: models/" + model.Id + " is always proactive");
            }
        }

        // §4.1 historyConfig: a 3.x field, documented for 3.8 only (UNCERTAIN elsewhere → refused).
        private static void ValidateHistoryConfig(HistoryConfig? history, LiveModel model)
        {
            if (history != null && model.Family != ModelFamily.Live38)
            {
                throw ValidationRejections.NotSupportedByModel("setup.history_config", model);
            }
        }

        private static void RequireEnumValue(string path, string? value, string[] values, string enumName, string apiVersion)
        {
            if (!string.IsNullOrEmpty(value) && Array.IndexOf(values, value) < 0)
            {
                throw ProtoJsonRejections.InvalidEnumValue(path, enumName, apiVersion, value!);
            }
        }

        private static void RequireInRange(string path, float? value, float minimum, float maximum)
        {
            if (value == null) return;
            float number = value.Value;
            if (!(number >= minimum && number <= maximum))
            {
                throw ValidationRejections.AtPath(path,
                    $"{Invariant(number)} is out of range; it must be between {Invariant(minimum)} and {Invariant(maximum)}");
            }
        }

        private static void RequireNotNegative(string path, long? value)
        {
            if (value != null && value < 0) throw ValidationRejections.AtPath(path, "must not be negative");
        }

        private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
    }
}
