using System.Text.Json;

namespace RegistryCheck.Web.Features.Import;

internal static class ImportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Message(UserMessage m) => JsonSerializer.Serialize(m, Options);

    public static UserMessage? ReadMessage(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<UserMessage>(json, Options);
        }
        catch (JsonException)
        {
            return new UserMessage(json);
        }
    }
}
