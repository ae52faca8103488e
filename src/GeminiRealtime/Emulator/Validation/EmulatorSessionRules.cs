using System;
using System.Collections.Generic;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// What <see cref="ClientMessageValidator"/> needs to know about a session after its <c>setup</c> was accepted:
    /// the model's rules, the setup, and the little state the rules depend on. One instance per connection; the
    /// server updates <see cref="GenerationStarted"/> and <see cref="ApplyContextUpdate"/> as the session goes on.
    /// </summary>
    public sealed class EmulatorSessionRules
    {
        private volatile bool _generationStarted;
        private volatile HashSet<string> _nonBlockingFunctionNames;

        /// <param name="model">The row <see cref="SetupValidator.Validate"/> returned.</param>
        /// <param name="setup">The accepted setup.</param>
        /// <param name="apiVersion">The connection's API version (named in type URLs of reasons).</param>
        public EmulatorSessionRules(LiveModel model, LiveSetup setup, string apiVersion = StrictClientMessageReader.DefaultApiVersion)
        {
            Model = model ?? throw new ArgumentNullException(nameof(model));
            Setup = setup ?? throw new ArgumentNullException(nameof(setup));
            ApiVersion = apiVersion ?? throw new ArgumentNullException(nameof(apiVersion));
            AutomaticActivityDetectionDisabled = setup.RealtimeInputConfig?.AutomaticActivityDetection?.Disabled == true;
            _nonBlockingFunctionNames = ToolDeclarationsValidator.NonBlockingFunctionNames(setup.Tools);
        }

        public LiveModel Model { get; }

        public LiveSetup Setup { get; }

        public string ApiVersion { get; }

        /// <summary><c>realtimeInputConfig.automaticActivityDetection.disabled: true</c>: the client signals activity itself.</summary>
        public bool AutomaticActivityDetectionDisabled { get; }

        /// <summary>
        /// Set by the server once the first model turn of the session began. On models whose <c>clientContent</c> is
        /// initial history only (3.1), later <c>clientContent</c> closes with 1011 (protocol.md §4.2).
        /// </summary>
        public bool GenerationStarted
        {
            get => _generationStarted;
            set => _generationStarted = value;
        }

        /// <summary>Whether <paramref name="functionName"/> is a declared function with <c>behavior: NON_BLOCKING</c>.</summary>
        public bool IsNonBlockingFunction(string? functionName) =>
            functionName != null && _nonBlockingFunctionNames.Contains(functionName);

        /// <summary>
        /// Follows an accepted <c>contextUpdate</c> (protocol.md §4.5): a present <c>tools</c> wrapper replaces the
        /// declared functions (an empty one clears them); an absent one changes nothing.
        /// </summary>
        public void ApplyContextUpdate(ContextUpdate update)
        {
            if (update == null) throw new ArgumentNullException(nameof(update));
            if (update.Tools != null) _nonBlockingFunctionNames = ToolDeclarationsValidator.NonBlockingFunctionNames(update.Tools.Tools);
        }
    }
}
