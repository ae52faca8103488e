using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using GeminiRealtime.PowerShell.Internal;
using GeminiRealtime.Session;
using GeminiRealtime.Vision;

namespace GeminiRealtime.PowerShell.Cmdlets
{
    /// <summary>
    /// Sends an image (file or bytes) as realtimeInput.video — re-encoded to JPEG and scaled so its longest side is at
    /// most -MaxSize — then a prompt as the user turn, and returns the model's reply.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "GeminiImage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = PathSet)]
    [OutputType(typeof(GeminiReply))]
    public sealed class SendGeminiImageCommand : SessionCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralPathSet = "LiteralPath";
        private const string BytesSet = "Bytes";

        /// <summary>The prompt sent after the image when -Prompt is not given.</summary>
        public const string DefaultPrompt = "What do you see in this image?";

        /// <summary>Image files (wildcards allowed).</summary>
        [Parameter(ParameterSetName = PathSet, Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [NotASession("A session is not a path: pipe image paths or files, or give -Path (a piped session binds to -Session).")]
        public string[]? Path { get; set; }

        /// <summary>Image files, taken literally (FileInfo objects from Get-ChildItem bind here).</summary>
        [Parameter(ParameterSetName = LiteralPathSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>The image's bytes (JPEG, PNG, BMP, GIF, TGA, TIFF, WebP or PBM).</summary>
        [Parameter(ParameterSetName = BytesSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public byte[]? Bytes { get; set; }

        /// <summary>Text sent after the image as the user turn; default "What do you see in this image?".</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Prompt { get; set; }

        /// <summary>The longest side in pixels after scaling (the aspect ratio is kept; images are never enlarged).</summary>
        [Parameter]
        [ValidateRange(64, 4096)]
        public int MaxSize { get; set; } = ImageEncoderOptions.DefaultMaxSize;

        /// <summary>JPEG quality for re-encoded images.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Quality { get; set; } = ImageEncoderOptions.DefaultQuality;

        /// <summary>Send the image (and -Prompt, if given) and return at once without waiting for a reply.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = 120;

        protected override void ProcessRecord()
        {
            IGeminiSession session = ResolveSession();
            var options = new ImageEncoderOptions { MaxSize = MaxSize, Quality = Quality };
            if (ParameterSetName == BytesSet)
            {
                Send(session, options, () => ImageEncoder.Encode(Bytes!, options), $"{Bytes!.Length} bytes of image data", "bytes");
                return;
            }
            foreach (string file in ResolveFiles())
                Send(session, options, () => ImageEncoder.EncodeFile(file, options), file, file);
        }

        private IEnumerable<string> ResolveFiles()
        {
            bool literal = ParameterSetName == LiteralPathSet;
            foreach (string path in (literal ? LiteralPath : Path)!)
            {
                var files = new List<string>();
                try
                {
                    if (literal) files.Add(SessionState.Path.GetUnresolvedProviderPathFromPSPath(path));
                    else files.AddRange(GetResolvedProviderPathFromPSPath(path, out _));
                }
                catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException)
                {
                    WriteError(new ErrorRecord(ex, "GeminiImageNotFound", ErrorCategory.ObjectNotFound, path));
                    continue;
                }
                foreach (string file in files)
                {
                    if (!File.Exists(file))
                    {
                        WriteError(new ErrorRecord(new FileNotFoundException($"No image file at '{file}'.", file), "GeminiImageNotFound", ErrorCategory.ObjectNotFound, path));
                        continue;
                    }
                    yield return file;
                }
            }
        }

        private void Send(IGeminiSession session, ImageEncoderOptions options, Func<EncodedImage> encode, string what, object target)
        {
            EncodedImage image;
            try
            {
                image = encode();
            }
            catch (InvalidDataException ex)
            {
                // One bad image never harms the session: nothing was sent.
                WriteError(new ErrorRecord(ex, "GeminiImageInvalid", ErrorCategory.InvalidData, target));
                return;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WriteError(new ErrorRecord(ex, "GeminiImageUnreadable", ErrorCategory.ReadError, target));
                return;
            }

            string prompt = Prompt ?? DefaultPrompt;
            bool sendPrompt = !NoWait || Prompt != null;
            string action = $"Send image {what} ({image.Width}x{image.Height} JPEG, {image.Length} bytes)" + (sendPrompt ? $" and the prompt \"{prompt}\"" : string.Empty);
            if (!ShouldProcess($"session {session.Id} ({session.Model})", action)) return;
            WriteVerbose($"Session {session.Id}: image {what}: {image.SourceWidth}x{image.SourceHeight} -> {image.Width}x{image.Height}, "
                + (image.Reencoded ? $"JPEG quality {image.Quality}" : "JPEG passed through") + $", {image.Length} bytes, as realtimeInput.video.");
            try
            {
                Wait(session.SendImageAsync(image, StopToken));
                if (NoWait)
                {
                    if (sendPrompt) Wait(session.SendTextAsync(prompt, StopToken));
                    return;
                }
                var runner = new TurnRunner(this, session);
                GeminiReply reply = runner.SendAndWait(prompt, TimeSpan.FromSeconds(TimeoutSec), StopToken);
                WriteObject(reply);
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception ex) when (ex is GeminiSessionException || ex is TimeoutException || ex is InvalidOperationException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, session));
            }
        }
    }
}
