using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RegistryCheck.Bench;

/// <summary>The export floor: the same cells written as inline-string cells with OpenXmlWriter, nothing else.</summary>
public static class ExcelFloor
{
    /// <summary>Reads every row's cell texts back from an xlsx (SAX), inline or shared strings.</summary>
    public static List<string[]> ReadCells(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var shared = doc.WorkbookPart!.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        var rows = new List<string[]>();
        using var reader = OpenXmlReader.Create(doc.WorkbookPart.WorksheetParts.First());
        while (reader.Read())
        {
            if (reader.ElementType == typeof(Row) && reader.IsStartElement)
            {
                var row = (Row)reader.LoadCurrentElement()!;
                // A styled cell without a value (ClosedXML writes those for formatting) reads as "".
                rows.Add(row.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.SharedString && c.CellValue is { } v
                    ? shared[int.Parse(v.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : c.InlineString?.InnerText ?? c.CellValue?.Text ?? "").ToArray());
            }
        }

        return rows;
    }

    /// <summary>Writes the cells to a temporary file (deleted on close), as the portal does; returns the file's size.</summary>
    public static long Write(List<string[]> rows)
    {
        using var file = new FileStream(Path.Combine(Path.GetTempPath(), "rc-bench-floor-" + Guid.NewGuid().ToString("N") + ".xlsx"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        using (var doc = SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook))
        {
            var wb = doc.AddWorkbookPart();
            var sheetPart = wb.AddNewPart<WorksheetPart>();
            using (var w = OpenXmlWriter.Create(sheetPart))
            {
                w.WriteStartElement(new Worksheet());
                w.WriteStartElement(new SheetData());
                var index = 0u;
                foreach (var values in rows)
                {
                    index++;
                    w.WriteStartElement(new Row { RowIndex = index });
                    foreach (var v in values)
                    {
                        w.WriteStartElement(new Cell { DataType = CellValues.InlineString });
                        w.WriteStartElement(new InlineString());
                        w.WriteElement(new Text(v));
                        w.WriteEndElement();
                        w.WriteEndElement();
                    }

                    w.WriteEndElement();
                }

                w.WriteEndElement();
                w.WriteEndElement();
            }

            using (var w = OpenXmlWriter.Create(wb))
            {
                w.WriteStartElement(new Workbook());
                w.WriteStartElement(new Sheets());
                w.WriteElement(new Sheet { Name = "Sheet1", SheetId = 1, Id = wb.GetIdOfPart(sheetPart) });
                w.WriteEndElement();
                w.WriteEndElement();
            }
        }

        return file.Length;
    }
}
