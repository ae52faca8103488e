using System;
using System.IO;
using System.Text;

namespace GeminiRealtime.Transcripts
{
    /// <summary>
    /// Streams a transcript to disk as JSON lines while it grows: one line per entry, flushed to the OS per entry, so
    /// a crash loses at most the entry being written. Appends to an existing file.
    /// </summary>
    public sealed class TranscriptFileWriter : IDisposable
    {
        private readonly object _gate = new object();
        private readonly GeminiTranscript _transcript;
        private StreamWriter? _writer;

        public TranscriptFileWriter(GeminiTranscript transcript, string path)
        {
            _transcript = transcript ?? throw new ArgumentNullException(nameof(transcript));
            Path = System.IO.Path.GetFullPath(path);
            string? folder = System.IO.Path.GetDirectoryName(Path);
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
            foreach (TranscriptEntry entry in transcript.Entries) Write(entry);
            transcript.EntryAdded += Write;
        }

        public string Path { get; }

        /// <summary>The last write failure (the conversation goes on; the file stops growing).</summary>
        public Exception? Failure { get; private set; }

        private void Write(TranscriptEntry entry)
        {
            lock (_gate)
            {
                if (_writer == null || Failure != null) return;
                try
                {
                    _writer.WriteLine(TranscriptJson.ToJsonLine(entry));
                    _writer.Flush();
                }
                catch (IOException ex)
                {
                    Failure = ex;
                }
            }
        }

        public void Dispose()
        {
            _transcript.EntryAdded -= Write;
            lock (_gate)
            {
                _writer?.Dispose();
                _writer = null;
            }
        }
    }
}
