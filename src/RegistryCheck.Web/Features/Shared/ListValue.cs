using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Shared;

public static class ListValue
{
    /// <summary>Lists never show a full ID number, not even inside a report about one.</summary>
    public static string Of(RecordField field, string value) => field == RecordField.IdNumber ? IdNumber.Mask(value) : value;
}
