namespace RegistryCheck.Web;

/// <summary>
/// Marker for the one shared string table. Keys are the Chinese (zh-CN, default) text itself; the English
/// table is Resources/SharedResource.en.resx. A missing English entry therefore shows Chinese, never a key,
/// and a test fails when a key used in the code or a view has no English entry.
/// </summary>
public sealed class SharedResource
{
}
