using System.Runtime.CompilerServices;

namespace GeminiRealtime.Tests.Protocol;

/// <summary>The real frames of ../shared/protocol-samples, copied next to the test assembly by the csproj.</summary>
internal static class SampleFrames
{
    public static string Folder
    {
        get
        {
            string copied = Path.Combine(AppContext.BaseDirectory, "protocol-samples");
            if (Directory.Exists(copied)) return copied;
            throw new DirectoryNotFoundException($"The protocol samples were not copied to {copied}; ../shared/protocol-samples must exist beside the repository.");
        }
    }

    public static byte[] Read(string name) => File.ReadAllBytes(Path.Combine(Folder, name));

    public static IEnumerable<object[]> ServerFrames() =>
        Directory.GetFiles(Folder, "*-server-*.json").Select(f => new object[] { Path.GetFileName(f) }).OrderBy(f => (string)f[0]);

    public static IEnumerable<object[]> ClientFrames() =>
        Directory.GetFiles(Folder, "*-client-*.json").Select(f => new object[] { Path.GetFileName(f) }).OrderBy(f => (string)f[0]);
}
