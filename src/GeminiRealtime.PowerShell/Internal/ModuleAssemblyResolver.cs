using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) only: a narrow "dynamic binding redirect" for the netstandard2.0
    /// polyfills shipped in the module folder (System.Text.Json, System.Memory, ...). powershell.exe takes no
    /// binding redirects, and the polyfills reference each other at versions that differ from the files we ship
    /// (e.g. System.Text.Json wants System.Memory 4.0.1.2 while an older copy may be loaded), so .NET Framework
    /// raises AssemblyResolve; we answer it only for the DLLs of our own folder, only with the same public key
    /// token and a shipped version at least the one asked for. On PowerShell 7.4+ (.NET 8+) the runtime already
    /// has these assemblies at 8.0+, nothing is hooked and this class does nothing.
    /// Registered on Import-Module (IModuleAssemblyInitializer), removed on Remove-Module (IModuleAssemblyCleanup).
    /// </summary>
    public sealed class ModuleAssemblyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly object Gate = new object();
        private static Dictionary<string, string>? s_catalog;
        private static bool s_hooked;

        /// <summary>True on .NET Framework (Windows PowerShell 5.1), the only runtime where the hook is needed.</summary>
        internal static bool IsNetFramework =>
            RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

        public void OnImport()
        {
            if (!IsNetFramework) return;
            lock (Gate)
            {
                if (s_hooked) return;
                string folder = Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location) ?? string.Empty;
                s_catalog = Catalog(folder);
                AppDomain.CurrentDomain.AssemblyResolve += OnAssemblyResolve;
                s_hooked = true;
            }
        }

        public void OnRemove(PSModuleInfo psModuleInfo)
        {
            lock (Gate)
            {
                if (!s_hooked) return;
                AppDomain.CurrentDomain.AssemblyResolve -= OnAssemblyResolve;
                s_hooked = false;
                s_catalog = null;
            }
        }

        /// <summary>The dependency DLLs of <paramref name="folder"/> by simple name (our own two assemblies excluded).</summary>
        internal static Dictionary<string, string> Catalog(string folder)
        {
            var catalog = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (!Directory.Exists(folder)) return catalog;
            foreach (string path in Directory.GetFiles(folder, "*.dll"))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (name.Equals("GeminiRealtime", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("GeminiRealtime.PowerShell", StringComparison.OrdinalIgnoreCase)) continue;
                catalog[name] = path;
            }
            return catalog;
        }

        /// <summary>
        /// The shipped file that may answer a request for <paramref name="requested"/>, or null: same simple name,
        /// same public key token, shipped version &gt;= requested version (what a binding redirect would allow).
        /// </summary>
        internal static string? FindCandidate(IReadOnlyDictionary<string, string> catalog, AssemblyName requested)
        {
            if (requested.Name == null || !catalog.TryGetValue(requested.Name, out string? path)) return null;
            AssemblyName shipped;
            try
            {
                shipped = AssemblyName.GetAssemblyName(path);
            }
            catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is UnauthorizedAccessException)
            {
                return null;
            }
            if (!TokensMatch(requested.GetPublicKeyToken(), shipped.GetPublicKeyToken())) return null;
            if (requested.Version != null && shipped.Version != null && shipped.Version < requested.Version) return null;
            return path;
        }

        private static bool TokensMatch(byte[]? requested, byte[]? shipped)
        {
            if (requested == null || requested.Length == 0) return true; // a simple-name request
            if (shipped == null || shipped.Length != requested.Length) return false;
            for (int i = 0; i < requested.Length; i++) if (requested[i] != shipped[i]) return false;
            return true;
        }

        private static Assembly? OnAssemblyResolve(object? sender, ResolveEventArgs args)
        {
            Dictionary<string, string>? catalog = s_catalog;
            if (catalog == null) return null;
            try
            {
                var requested = new AssemblyName(args.Name);
                string? path = FindCandidate(catalog, requested);
                if (path == null) return null;
                // Already loaded (by an earlier resolve)? Hand out that copy: one identity per process.
                foreach (Assembly loaded in AppDomain.CurrentDomain.GetAssemblies())
                {
                    if (!loaded.IsDynamic && string.Equals(loaded.GetName().Name, requested.Name, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(SafeLocation(loaded), path, StringComparison.OrdinalIgnoreCase)) return loaded;
                }
                return Assembly.LoadFrom(path);
            }
            catch (Exception ex) when (ex is IOException || ex is BadImageFormatException || ex is ArgumentException || ex is System.Security.SecurityException)
            {
                return null; // the event is process-wide: never throw from it
            }
        }

        private static string SafeLocation(Assembly assembly)
        {
            try { return assembly.Location; } catch (NotSupportedException) { return string.Empty; }
        }
    }
}
