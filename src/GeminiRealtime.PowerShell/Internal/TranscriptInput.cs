using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using GeminiRealtime.Session;
using GeminiRealtime.Transcripts;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Turns what a user passes as a transcript (object, session, entries, or a file path) into a <see cref="GeminiTranscript"/>.</summary>
    internal static class TranscriptInput
    {
        public static GeminiTranscript Resolve(PSCmdlet cmdlet, object input, string parameterName)
        {
            object value = input is PSObject wrapped ? wrapped.BaseObject : input;
            switch (value)
            {
                case GeminiTranscript transcript:
                    return transcript;
                case GeminiConversation conversation:
                    return conversation.Transcript;
                case TranscriptEntry single:
                    return FromEntries(new object[] { single });
                case FileInfo file:
                    return Load(cmdlet, file.FullName, parameterName);
                case string path:
                    return Load(cmdlet, path, parameterName);
                case IEnumerable many:
                    return FromEntries(many);
                default:
                    cmdlet.ThrowTerminatingError(new ErrorRecord(
                        new ArgumentException($"-{parameterName} takes a transcript (Get-GeminiTranscript, Import-GeminiTranscript), its entries, a conversation, or a transcript file; not a {value.GetType().Name}."),
                        "GeminiTranscriptInputInvalid", ErrorCategory.InvalidArgument, value));
                    return null!;
            }
        }

        public static GeminiTranscript Load(PSCmdlet cmdlet, string path, string parameterName)
        {
            string full;
            try
            {
                full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeminiTranscriptPathInvalid", ErrorCategory.InvalidArgument, path));
                return null!;
            }
            if (!File.Exists(full))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ItemNotFoundException($"There is no transcript file '{full}' (-{parameterName})."),
                    "GeminiTranscriptFileNotFound", ErrorCategory.ObjectNotFound, path));
            }
            try
            {
                using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var reader = new StreamReader(stream);
                return TranscriptJson.Parse(reader.ReadToEnd());
            }
            catch (FormatException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{full}' is not a Gemini transcript: {ex.Message}", ex), "GeminiTranscriptInvalid", ErrorCategory.InvalidData, path));
            }
            catch (IOException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeminiTranscriptUnreadable", ErrorCategory.ReadError, path));
            }
            catch (UnauthorizedAccessException ex)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeminiTranscriptAccessDenied", ErrorCategory.PermissionDenied, path));
            }
            return null!;
        }

        private static GeminiTranscript FromEntries(IEnumerable items)
        {
            var transcript = new GeminiTranscript();
            foreach (object? item in items)
            {
                object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
                if (value is TranscriptEntry entry)
                {
                    // Copies: an entry's sequence number belongs to its own transcript.
                    transcript.Add(TranscriptJson.Parse(TranscriptJson.ToJsonLine(entry)).Entries[0]);
                }
            }
            return transcript;
        }
    }
}
