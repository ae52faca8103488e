using System;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace GeminiRealtime.Emulator
{
    /// <summary>
    /// Resumption handles of one emulator, in memory. A handle is base64url of 24 random bytes and names a snapshot of
    /// the conversation (model id + text turns) taken when it was issued. It stays valid for <see cref="Lifetime"/>
    /// after it was issued or, if later, after its session ended. At most <see cref="Capacity"/> handles are kept
    /// (the oldest go first). Thread-safe.
    /// </summary>
    internal sealed class EmulatorResumptionStore
    {
        public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
        public const int Capacity = 10_000;

        private readonly object _gate = new object();
        private readonly Dictionary<string, LinkedListNode<Entry>> _byHandle = new Dictionary<string, LinkedListNode<Entry>>(StringComparer.Ordinal);
        private readonly LinkedList<Entry> _byAge = new LinkedList<Entry>();
        private readonly Func<DateTimeOffset> _clock;

        private readonly TimeSpan _lifetime;

        public EmulatorResumptionStore(Func<DateTimeOffset>? clock = null, TimeSpan? lifetime = null)
        {
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _lifetime = lifetime ?? Lifetime;
        }

        public int Count
        {
            get
            {
                lock (_gate) return _byHandle.Count;
            }
        }

        public string Issue(long sessionId, string modelId, IReadOnlyList<EmulatorHistoryEntry> history)
        {
            string handle = NewHandle();
            var entry = new Entry(handle, sessionId, modelId, Copy(history), _clock() + _lifetime);
            lock (_gate)
            {
                Purge();
                while (_byAge.Count >= Capacity) Remove(_byAge.First!);
                _byHandle[handle] = _byAge.AddLast(entry);
            }
            return handle;
        }

        public bool TryGet(string handle, out string modelId, out IReadOnlyList<EmulatorHistoryEntry> history)
        {
            lock (_gate)
            {
                Purge();
                if (_byHandle.TryGetValue(handle, out LinkedListNode<Entry>? node))
                {
                    modelId = node.Value.ModelId;
                    history = node.Value.History;
                    return true;
                }
            }
            modelId = string.Empty;
            history = Array.Empty<EmulatorHistoryEntry>();
            return false;
        }

        /// <summary>Starts the 2 h of every handle of <paramref name="sessionId"/> from now.</summary>
        public void SessionEnded(long sessionId)
        {
            DateTimeOffset expires = _clock() + _lifetime;
            lock (_gate)
            {
                foreach (Entry entry in _byAge)
                {
                    if (entry.SessionId == sessionId && entry.ExpiresAt < expires) entry.ExpiresAt = expires;
                }
            }
        }

        private void Purge()
        {
            DateTimeOffset now = _clock();
            LinkedListNode<Entry>? node = _byAge.First;
            while (node != null)
            {
                LinkedListNode<Entry>? next = node.Next;
                if (node.Value.ExpiresAt <= now) Remove(node);
                node = next;
            }
        }

        private void Remove(LinkedListNode<Entry> node)
        {
            _byAge.Remove(node);
            _byHandle.Remove(node.Value.Handle);
        }

        private static EmulatorHistoryEntry[] Copy(IReadOnlyList<EmulatorHistoryEntry> history)
        {
            var copy = new EmulatorHistoryEntry[history.Count];
            for (int i = 0; i < copy.Length; i++) copy[i] = history[i];
            return copy;
        }

        private static string NewHandle()
        {
            byte[] bytes = new byte[24];
            using (var random = RandomNumberGenerator.Create()) random.GetBytes(bytes);
            return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        }

        private sealed class Entry
        {
            public Entry(string handle, long sessionId, string modelId, IReadOnlyList<EmulatorHistoryEntry> history, DateTimeOffset expiresAt)
            {
                Handle = handle;
                SessionId = sessionId;
                ModelId = modelId;
                History = history;
                ExpiresAt = expiresAt;
            }

            public string Handle { get; }
            public long SessionId { get; }
            public string ModelId { get; }
            public IReadOnlyList<EmulatorHistoryEntry> History { get; }
            public DateTimeOffset ExpiresAt { get; set; }
        }
    }
}
