using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Text;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Writes a transcript to a file as JSON (Import-GeminiTranscript reads it back), JSON lines, or Markdown for people.</summary>
    [Cmdlet(VerbsData.Export, "GeminiTranscript", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = "Session")]
    [OutputType(typeof(FileInfo))]
    public sealed class ExportGeminiTranscriptCommand : SessionCmdlet
    {
        private readonly List<TranscriptEntry> _piped = new List<TranscriptEntry>();
        private string? _model;

        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Json (default; Markdown for .md, JsonLines for .jsonl), JsonLines or Markdown.</summary>
        [Parameter]
        [ValidateSet("Json", "JsonLines", "Markdown")]
        public string? Format { get; set; }

        /// <summary>A transcript, or entries from the pipeline (Get-GeminiTranscript, Import-GeminiTranscript).</summary>
        [Parameter(ParameterSetName = "InputObject", Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? InputObject { get; set; }

        /// <summary>Do not overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != "InputObject") return;
            GeminiTranscript transcript = TranscriptInput.Resolve(this, InputObject!, nameof(InputObject));
            _model ??= transcript.Model;
            _piped.AddRange(transcript.Entries);
        }

        protected override void EndProcessing()
        {
            IReadOnlyList<TranscriptEntry> entries;
            string? model;
            if (ParameterSetName == "InputObject")
            {
                entries = _piped;
                model = _model;
            }
            else
            {
                IGeminiSession session = ResolveSession();
                if (!(session is GeminiConversation conversation))
                {
                    ThrowTerminatingError(new ErrorRecord(new InvalidOperationException($"Session {session.Id} keeps no transcript."), "GeminiNoTranscript", ErrorCategory.InvalidOperation, session));
                    return;
                }
                entries = conversation.Transcript.Entries;
                model = conversation.Model;
            }

            string full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
            string format = Format ?? (full.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || full.EndsWith(".markdown", StringComparison.OrdinalIgnoreCase) ? "Markdown"
                : full.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) ? "JsonLines" : "Json");
            if (NoClobber && File.Exists(full))
            {
                ThrowTerminatingError(new ErrorRecord(new IOException($"'{full}' exists and -NoClobber was given."), "GeminiTranscriptFileExists", ErrorCategory.ResourceExists, full));
            }
            if (!ShouldProcess(full, $"Write {entries.Count} transcript entries as {format}")) return;
            string text = format switch
            {
                "Markdown" => TranscriptMarkdown.Render(model, entries),
                "JsonLines" => string.Concat(System.Linq.Enumerable.Select(entries, e => TranscriptJson.ToJsonLine(e) + "\n")),
                _ => TranscriptJson.ToDocument(model, entries),
            };
            try
            {
                string? folder = System.IO.Path.GetDirectoryName(full);
                if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
                File.WriteAllText(full, text, new UTF8Encoding(false));
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(ex, "GeminiTranscriptWriteFailed", ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.WriteError, full));
            }
            WriteVerbose($"Wrote {entries.Count} transcript entries to {full} ({format}).");
            if (PassThru) WriteObject(new FileInfo(full));
        }
    }
}
