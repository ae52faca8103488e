using GeminiRealtime.Session;

namespace GeminiRealtime.Tests.Session;

public class ApiCredentialTests
{
    [Fact]
    public void A_real_key_is_redacted_wherever_it_appears()
    {
        ApiCredential key = ApiCredential.FromSecret("AIzaSyFAKE-KEY-0123456789");
        Assert.Equal("bad key *** here and ***", key.Redact("bad key AIzaSyFAKE-KEY-0123456789 here and AIzaSyFAKE-KEY-0123456789"));
        Assert.DoesNotContain("0123456789", key.ToString());
        Assert.Equal("****6789", key.Masked);
    }

    [Fact]
    public void A_key_too_short_to_be_real_does_not_mangle_ordinary_text()
    {
        // A test key "a" once turned a quota close into "quot***", and the quota wording was no longer recognised.
        ApiCredential key = ApiCredential.FromSecret("a");
        const string reason = "You exceeded your current quota, please check your plan and billing details.";
        Assert.Equal(reason, key.Redact(reason));
        Assert.Equal(CloseCategory.QuotaExceeded, GeminiSessionException.Classify(1011, key.Redact(reason)));
    }

    [Fact]
    public void A_blank_key_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ApiCredential.FromSecret("  "));
    }
}
