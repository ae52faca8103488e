using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Collections.ObjectModel;
using System.Management.Automation;
using GeminiRealtime.Session;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Connect-GeminiRealtime's conversation parameters: glossary and context into the system instruction, resume, transcript and recording files, reconnect policy.</summary>
    internal static class ConversationSetup
    {
        public static ConversationOptions Build(PSCmdlet cmdlet, GeminiSessionOptions options, string? instruction, object? glossary, string[]? context,
            object? resume, string? transcriptPath, string? recordPath, bool noReconnect, double stallTimeoutSec)
        {
            List<KeyValuePair<string, string>>? terms = glossary == null ? null : Glossary(cmdlet, glossary);
            List<KeyValuePair<string, string>>? documents = null;
            if (context != null)
            {
                documents = new List<KeyValuePair<string, string>>();
                foreach (string path in context)
                {
                    foreach (string file in ResolveExisting(cmdlet, path, "Context"))
                        documents.Add(new KeyValuePair<string, string>(file, ReadText(cmdlet, file)));
                }
            }
            if (terms != null || documents != null)
            {
                options.SystemInstruction = SystemInstructionBuilder.Compose(instruction, terms, documents, out bool truncated);
                if (truncated) cmdlet.WriteWarning($"The -Context files are longer than {SystemInstructionBuilder.MaxContextCharacters:N0} characters; the rest was cut.");
                cmdlet.WriteVerbose($"System instruction: {options.SystemInstruction?.Length ?? 0} characters ({terms?.Count ?? 0} glossary term(s), {documents?.Count ?? 0} context file(s)).");
            }

            var settings = new ConversationOptions
            {
                AutoReconnect = !noReconnect,
                StallTimeout = stallTimeoutSec > 0 ? TimeSpan.FromSeconds(stallTimeoutSec) : (TimeSpan?)null,
            };
            if (resume != null)
            {
                settings.Resume = TranscriptInput.Resolve(cmdlet, resume, "Resume");
                cmdlet.WriteVerbose($"Resuming an earlier conversation: {settings.Resume.Dialogue().Count} text turn(s) to seed as clientContent.");
            }
            if (transcriptPath != null)
            {
                try
                {
                    settings.TranscriptPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(transcriptPath);
                }
                catch (Exception ex) when (ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeminiTranscriptPathInvalid", ErrorCategory.InvalidArgument, transcriptPath));
                }
            }
            if (recordPath != null) settings.RecordPath = ResolveRecordPath(cmdlet, recordPath);
            return settings;
        }

        /// <summary>
        /// The file system path of -RecordPath (relative to the current location; the file need not exist). A path on
        /// another provider, or a folder, is a terminating InvalidArgument error.
        /// </summary>
        public static string ResolveRecordPath(PSCmdlet cmdlet, string recordPath)
        {
            string path = string.Empty;
            try
            {
                path = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(recordPath, out ProviderInfo provider, out PSDriveInfo _);
                if (provider.Name != "FileSystem")
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-RecordPath must be a file system path; '{recordPath}' is on the {provider.Name} provider."),
                        "GeminiRecordPathInvalid", ErrorCategory.InvalidArgument, recordPath));
                }
            }
            catch (Exception ex) when (ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException || ex is ProviderInvocationException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeminiRecordPathInvalid", ErrorCategory.InvalidArgument, recordPath));
            }
            if (Directory.Exists(path))
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-RecordPath '{path}' is a folder; give a file name such as talk.wav."),
                    "GeminiRecordPathInvalid", ErrorCategory.InvalidArgument, recordPath));
            }
            return path;
        }

        private static List<KeyValuePair<string, string>> Glossary(PSCmdlet cmdlet, object glossary)
        {
            object value = glossary is PSObject wrapped ? wrapped.BaseObject : glossary;
            if (value is IDictionary table)
            {
                var terms = new List<KeyValuePair<string, string>>();
                foreach (DictionaryEntry entry in table) terms.Add(new KeyValuePair<string, string>(entry.Key?.ToString() ?? string.Empty, entry.Value?.ToString() ?? string.Empty));
                return terms;
            }
            string path = value is FileInfo file ? file.FullName : value.ToString() ?? string.Empty;
            foreach (string resolved in ResolveExisting(cmdlet, path, "Glossary"))
            {
                try
                {
                    return SystemInstructionBuilder.ParseGlossary(ReadText(cmdlet, resolved));
                }
                catch (FormatException ex)
                {
                    cmdlet.ThrowTerminatingError(new ErrorRecord(new InvalidDataException($"'{resolved}': {ex.Message}", ex), "GeminiGlossaryInvalid", ErrorCategory.InvalidData, path));
                }
            }
            return new List<KeyValuePair<string, string>>();
        }

        private static IEnumerable<string> ResolveExisting(PSCmdlet cmdlet, string path, string parameterName)
        {
            Collection<string>? files = null;
            try
            {
                files = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo _);
            }
            catch (Exception ex) when (ex is ItemNotFoundException || ex is ProviderNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is NotSupportedException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "Gemini" + parameterName + "FileNotFound", ErrorCategory.ObjectNotFound, path));
            }
            return files!;
        }

        private static string ReadText(PSCmdlet cmdlet, string file)
        {
            try
            {
                return File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                cmdlet.ThrowTerminatingError(new ErrorRecord(ex, "GeminiFileUnreadable", ex is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : ErrorCategory.ReadError, file));
                return string.Empty;
            }
        }
    }
}
