using System;
using System.Collections.Generic;
using System.Linq;
using GeminiRealtime.Models;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// The model ids the emulator serves, each with the rules of its <see cref="LiveModel"/> row. By default every
    /// served row of <see cref="ModelCatalog"/>; retired rows are never served (the service closes with 1008 for them).
    /// </summary>
    public sealed class EmulatorModelTable
    {
        /// <summary>The catalog row whose rules extra ids get.</summary>
        public const string ExtraModelRulesId = "gemini-3.8-live";

        private readonly Dictionary<string, LiveModel> _servedById;

        /// <summary>Every served row of <see cref="ModelCatalog"/>.</summary>
        public static EmulatorModelTable Default { get; } = new EmulatorModelTable();

        /// <param name="extraModelIds">
        /// Ids the catalog does not know (a model released after this build), with or without <c>models/</c>. They are
        /// served with the rules of <c>gemini-3.8-live</c> (family <see cref="ModelFamily.Live38"/>; an id ending in
        /// <c>-extended-thinking</c> then takes <c>thinkingLevel</c>, as <see cref="LiveModel.Thinking"/> says). Always served,
        /// whatever <paramref name="allowedModelIds"/> says. An id that is already served is ignored.
        /// </param>
        /// <param name="allowedModelIds">
        /// When given, only these catalog ids are served (plus the extra ids). Each must be a served catalog id or
        /// one of the extra ids.
        /// </param>
        /// <exception cref="ArgumentException">An id is empty or malformed, an extra id names a retired model, or an allowed id is not served.</exception>
        public EmulatorModelTable(IEnumerable<string>? extraModelIds = null, IEnumerable<string>? allowedModelIds = null)
        {
            var extras = new Dictionary<string, LiveModel>(StringComparer.Ordinal);
            foreach (string rawId in extraModelIds ?? Enumerable.Empty<string>())
            {
                string id = NormalizeConfiguredId(rawId, nameof(extraModelIds));
                LiveModel? known = ModelCatalog.Find(id);
                if (known != null)
                {
                    if (!known.IsServed)
                    {
                        throw new ArgumentException(
                            $"'{id}' is a retired model; the service answers it with 1008 not-found, and so does the emulator.", nameof(extraModelIds));
                    }
                    continue; // already served with its own rules
                }
                if (!extras.ContainsKey(id))
                {
                    extras.Add(id, new LiveModel(id, ModelFamily.Live38, ModelStatus.Current, "not in the catalog; served with the rules of " + ExtraModelRulesId));
                }
            }

            IEnumerable<LiveModel> catalogRows = ModelCatalog.All.Where(m => m.IsServed);
            if (allowedModelIds != null)
            {
                var allowed = new HashSet<string>(StringComparer.Ordinal);
                foreach (string rawId in allowedModelIds)
                {
                    string id = NormalizeConfiguredId(rawId, nameof(allowedModelIds));
                    LiveModel? known = ModelCatalog.Find(id);
                    if (known != null && !known.IsServed)
                    {
                        throw new ArgumentException(
                            $"'{id}' is a retired model; the service answers it with 1008 not-found, and so does the emulator.", nameof(allowedModelIds));
                    }
                    if (known == null && !extras.ContainsKey(id))
                    {
                        throw new ArgumentException(
                            $"'{id}' is not in the model catalog; pass ids the catalog does not know as extra ids.", nameof(allowedModelIds));
                    }
                    allowed.Add(id);
                }
                catalogRows = catalogRows.Where(m => allowed.Contains(m.Id));
            }

            _servedById = new Dictionary<string, LiveModel>(StringComparer.Ordinal);
            foreach (LiveModel model in catalogRows.Concat(extras.Values)) _servedById.Add(model.Id, model);
            Served = _servedById.Values.ToList();
        }

        /// <summary>
        /// A table for a list of ids as users give them (e.g. <see cref="EmulatorOptions.Models"/>): empty = <see cref="Default"/>;
        /// otherwise exactly those ids, catalog ids with their own rules and unknown ids with <c>gemini-3.8-live</c>'s.
        /// </summary>
        public static EmulatorModelTable ForServedIds(IEnumerable<string>? modelIds)
        {
            List<string> ids = (modelIds ?? Enumerable.Empty<string>()).ToList();
            if (ids.Count == 0) return Default;
            var unknown = ids.Where(id => ModelCatalog.Find(NormalizeConfiguredId(id, nameof(modelIds))) == null).ToList();
            var known = ids.Except(unknown).ToList();
            return new EmulatorModelTable(unknown, known);
        }

        /// <summary>The served rows: catalog rows in catalog order, then extra ids.</summary>
        public IReadOnlyList<LiveModel> Served { get; }

        /// <summary>The row for a bare model id (no <c>models/</c> prefix), or null when the emulator does not serve it.</summary>
        public LiveModel? FindServed(string modelId) =>
            modelId != null && _servedById.TryGetValue(modelId, out LiveModel? model) ? model : null;

        private static string NormalizeConfiguredId(string? rawId, string parameterName)
        {
            if (string.IsNullOrWhiteSpace(rawId)) throw new ArgumentException("A model id is empty.", parameterName);
            string id = ModelCatalog.NormalizeId(rawId!);
            if (id.Length == 0 || id.Any(c => char.IsWhiteSpace(c) || c == '/'))
            {
                throw new ArgumentException($"'{rawId}' is not a model id (expected e.g. gemini-3.8-live or models/gemini-3.8-live).", parameterName);
            }
            return id;
        }
    }
}
