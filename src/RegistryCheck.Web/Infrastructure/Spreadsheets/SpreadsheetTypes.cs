namespace RegistryCheck.Web.Infrastructure.Spreadsheets;

public static class SpreadsheetTypes
{
    /// <summary>The MIME type of an .xlsx workbook, for downloads and the upload picker.</summary>
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
