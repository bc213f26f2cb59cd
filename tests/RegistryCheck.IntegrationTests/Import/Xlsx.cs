using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RegistryCheck.IntegrationTests.Import;

/// <summary>Writes test workbooks with OpenXmlWriter (SAX), fast enough for 50,000 rows.</summary>
public static class Xlsx
{
    public sealed record CellOverride(string Value, bool IsNumber);

    public static CellOverride Number(string value) => new(value, true);

    public static byte[] Build(string[] headers, IEnumerable<IReadOnlyDictionary<string, string>> rows,
        Func<IReadOnlyDictionary<string, string>, string, CellOverride?>? cell = null)
    {
        using var ms = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(ms, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = doc.AddWorkbookPart();
            var sheetPart = workbookPart.AddNewPart<WorksheetPart>();
            using (var writer = OpenXmlWriter.Create(sheetPart))
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                var r = 1;
                WriteRow(writer, r++, headers.Select(h => new CellOverride(h, false)).ToArray());
                foreach (var row in rows)
                {
                    WriteRow(writer, r++, headers.Select(h => cell?.Invoke(row, h) ?? new CellOverride(row.TryGetValue(h, out var v) ? v : "", false)).ToArray());
                }

                writer.WriteEndElement();
                writer.WriteEndElement();
            }

            workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Id = workbookPart.GetIdOfPart(sheetPart), SheetId = 1, Name = "名册" }));
            workbookPart.Workbook.Save();
        }

        return ms.ToArray();
    }

    private static void WriteRow(OpenXmlWriter writer, int number, CellOverride[] cells)
    {
        writer.WriteStartElement(new Row(), [new OpenXmlAttribute("r", "", number.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        foreach (var c in cells)
        {
            if (c.IsNumber)
            {
                writer.WriteStartElement(new Cell());
                writer.WriteElement(new CellValue(c.Value));
                writer.WriteEndElement();
            }
            else
            {
                writer.WriteStartElement(new Cell(), [new OpenXmlAttribute("t", "", "inlineStr")]);
                writer.WriteElement(new InlineString(new Text(c.Value)));
                writer.WriteEndElement();
            }
        }

        writer.WriteEndElement();
    }
}
