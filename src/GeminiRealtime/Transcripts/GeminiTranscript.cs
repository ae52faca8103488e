using System;
using System.Collections.Generic;

namespace GeminiRealtime.Transcripts
{
    /// <summary>
    /// The structured record of a conversation: user and model text, tool calls and results, interruptions and
    /// client events, with timestamps and usage. Thread-safe; entries are numbered in the order they are added and
    /// every entry is handed to <see cref="EntryAdded"/> subscribers (e.g. a <see cref="TranscriptFileWriter"/>) in that order.
    /// </summary>
    public sealed class GeminiTranscript
    {
        private readonly object _gate = new object();
        private readonly List<TranscriptEntry> _entries = new List<TranscriptEntry>();
        private long _sequence;

        public GeminiTranscript(string? model = null) => Model = model;

        /// <summary>The model the conversation was held with (informational).</summary>
        public string? Model { get; set; }

        /// <summary>Called (under the transcript's lock, so in order) for every entry added.</summary>
        public event Action<TranscriptEntry>? EntryAdded;

        public int Count
        {
            get { lock (_gate) return _entries.Count; }
        }

        /// <summary>A snapshot of the entries, oldest first.</summary>
        public IReadOnlyList<TranscriptEntry> Entries
        {
            get { lock (_gate) return _entries.ToArray(); }
        }

        /// <summary>Adds an entry (its <see cref="TranscriptEntry.Sequence"/> is set here) and returns it.</summary>
        public TranscriptEntry Add(TranscriptEntry entry)
        {
            if (entry == null) throw new ArgumentNullException(nameof(entry));
            lock (_gate)
            {
                entry.Sequence = ++_sequence;
                _entries.Add(entry);
                EntryAdded?.Invoke(entry);
            }
            return entry;
        }

        /// <summary>Only the user and model text entries, in order (what a resumed conversation is seeded with).</summary>
        public IReadOnlyList<TranscriptEntry> Dialogue()
        {
            var dialogue = new List<TranscriptEntry>();
            foreach (TranscriptEntry entry in Entries)
            {
                if (entry.Kind == TranscriptEntryKind.Text && (entry.Role == TranscriptRole.User || entry.Role == TranscriptRole.Model) && entry.Text.Length > 0)
                    dialogue.Add(entry);
            }
            return dialogue;
        }

        public override string ToString() => $"Transcript ({Count} entries{(Model == null ? string.Empty : ", " + Model)})";
    }
}
