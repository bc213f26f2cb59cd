namespace RegistryCheck.Web.Features.Batches;

/// <summary>A workbook to send: its bytes and the file name the browser saves it under.</summary>
public sealed record ExportFile(byte[] Content, string FileName);
