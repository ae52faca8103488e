using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>Reads a transcript file written by Export-GeminiTranscript (JSON) or Connect-GeminiRealtime -TranscriptPath (JSON lines).</summary>
    [Cmdlet(VerbsData.Import, "GeminiTranscript")]
    [OutputType(typeof(TranscriptEntry), typeof(GeminiTranscript))]
    public sealed class ImportGeminiTranscriptCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Return one transcript object (for Connect-GeminiRealtime -Resume) instead of its entries.</summary>
        [Parameter]
        public SwitchParameter AsTranscript { get; set; }

        protected override void ProcessRecord()
        {
            GeminiTranscript transcript = TranscriptInput.Load(this, Path, nameof(Path));
            WriteVerbose($"Read {transcript.Count} transcript entries from {Path}.");
            if (AsTranscript) WriteObject(transcript);
            else WriteObject(transcript.Entries, enumerateCollection: true);
        }
    }
}
