using System;
using System.Runtime.InteropServices;
using System.Security;

namespace GeminiRealtime.PowerShell.Internal
{
    /// <summary>Where API keys come from: a SecureString parameter, else GEMINI_API_KEY, else GOOGLE_API_KEY.</summary>
    internal static class Secrets
    {
        public static readonly string[] EnvironmentVariables = { "GEMINI_API_KEY", "GOOGLE_API_KEY" };

        public static string? ToPlainText(SecureString? secure)
        {
            if (secure == null || secure.Length == 0) return null;
            IntPtr bstr = Marshal.SecureStringToBSTR(secure);
            try
            {
                return Marshal.PtrToStringBSTR(bstr);
            }
            finally
            {
                Marshal.ZeroFreeBSTR(bstr);
            }
        }

        /// <summary>The key from the parameter or the environment, and where it came from; null when there is none.</summary>
        public static string? Resolve(SecureString? parameter, out string source)
        {
            string? fromParameter = ToPlainText(parameter);
            if (!string.IsNullOrWhiteSpace(fromParameter))
            {
                source = "-ApiKey";
                return fromParameter;
            }
            foreach (string name in EnvironmentVariables)
            {
                string? value = Environment.GetEnvironmentVariable(name);
                if (!string.IsNullOrWhiteSpace(value))
                {
                    source = "$env:" + name;
                    return value;
                }
            }
            source = string.Empty;
            return null;
        }
    }
}
