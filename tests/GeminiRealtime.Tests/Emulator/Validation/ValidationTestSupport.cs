using System.Text;
using GeminiRealtime.Emulator;
using GeminiRealtime.Models;
using GeminiRealtime.Protocol;

namespace GeminiRealtime.Tests.Emulator.Validation;

/// <summary>Assertions and frame builders shared by the validation tests.</summary>
internal static class ValidationTestSupport
{
    public const string V1Beta = "v1beta";

    public static void AssertRejected(int closeCode, string reason, Action action)
    {
        EmulatorRejection rejection = Assert.Throws<EmulatorRejection>(action);
        Assert.Equal(reason, rejection.Reason);
        Assert.Equal(closeCode, rejection.CloseCode);
    }

    public static ClientMessage Read(string json) => StrictClientMessageReader.Read(Encoding.UTF8.GetBytes(json));

    /// <summary>A setup read the way the emulator reads it: <c>{"setup":{"model":"models/&lt;id&gt;", &lt;fields&gt;}}</c>.</summary>
    public static LiveSetup ReadSetup(string modelId, string fields = "")
    {
        string body = fields.Trim().Length == 0 ? "" : "," + fields;
        return Read("{\"setup\":{\"model\":\"models/" + modelId + "\"" + body + "}}").Setup!;
    }

    public static LiveModel ValidateSetup(string modelId, string fields = "", EmulatorModelTable? models = null) =>
        SetupValidator.Validate(ReadSetup(modelId, fields), V1Beta, models ?? EmulatorModelTable.Default);

    /// <summary>Session rules for a validated setup.</summary>
    public static EmulatorSessionRules Rules(string modelId, string fields = "")
    {
        LiveSetup setup = ReadSetup(modelId, fields);
        return new EmulatorSessionRules(SetupValidator.Validate(setup, V1Beta, EmulatorModelTable.Default), setup, V1Beta);
    }
}
