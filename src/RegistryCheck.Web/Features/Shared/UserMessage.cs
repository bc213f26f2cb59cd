using System.Text.Json.Serialization;
using Microsoft.Extensions.Localization;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>
/// A message for the user: <see cref="Key"/> is the Chinese text (the key into the shared string table) and
/// <see cref="Args"/> fill its {0}, {1}. <see cref="Field"/> names the form field it belongs to ("" = the whole form).
/// Import jobs store it as JSON (<c>{"key":…,"args":[…]}</c>); a null field is left out so rows written before this
/// type replaced UserMessage read back the same.
/// </summary>
public sealed record UserMessage(string Key, params string[] Args)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Field { get; init; }

    public static UserMessage For(string field, string key, params string[] args) => new(key, args) { Field = field };

    /// <summary>The message in the reader's language; arguments that are keys themselves ("男") are translated too.</summary>
    public string Localize(IStringLocalizer l)
    {
        ArgumentNullException.ThrowIfNull(l);
        if (Args.Length == 0)
        {
            return l[Key].Value;
        }

        return l[Key, Args.Select(a => (object)(a.Any(c => c > 127) ? l[a].Value : a)).ToArray()].Value;
    }
}
