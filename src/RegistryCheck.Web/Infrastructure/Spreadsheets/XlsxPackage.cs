using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.ExtendedProperties;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.VariantTypes;

namespace RegistryCheck.Web.Infrastructure.Spreadsheets;

/// <summary>
/// An .xlsx package whose sheets are written with OpenXmlWriter: one fixed stylesheet, the Office theme, sheets
/// in order, their print titles and filter ranges as defined names, and the document properties ClosedXML wrote
/// (created/modified, application). <see cref="ToArray"/> closes the package and returns its bytes.
/// </summary>
public sealed class XlsxPackage : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly SpreadsheetDocument _document;
    private readonly WorkbookPart _workbook;
    private readonly List<(string Name, string PartId)> _sheets = [];
    private readonly List<DefinedName> _names = [];
    private bool _closed;

    public XlsxPackage(Stylesheet styles, DateTime utcNow)
    {
        _document = SpreadsheetDocument.Create(_stream, SpreadsheetDocumentType.Workbook);
        _document.PackageProperties.Created = utcNow;
        _document.PackageProperties.Modified = utcNow;
        _workbook = _document.AddWorkbookPart();
        var stylesPart = _workbook.AddNewPart<WorkbookStylesPart>();
        styles.Save(stylesPart);
        var theme = _workbook.AddNewPart<ThemePart>();
        using (var xml = typeof(XlsxPackage).Assembly.GetManifestResourceStream("Spreadsheets/OfficeTheme.xml")!)
        {
            theme.FeedData(xml);
        }
    }

    /// <summary>Adds a sheet and writes it; <paramref name="write"/> gets the writer positioned before &lt;worksheet&gt;.</summary>
    public void AddSheet(string name, Action<OpenXmlWriter> write)
    {
        var part = _workbook.AddNewPart<WorksheetPart>();
        using (var writer = OpenXmlWriter.Create(part))
        {
            write(writer);
        }

        _sheets.Add((name, _workbook.GetIdOfPart(part)));
    }

    /// <summary>The last added sheet's auto-filter range and print titles, as Excel keeps them (workbook defined names).</summary>
    public void AddTableNames(string filterRange, int firstTitleRow, int lastTitleRow)
    {
        var sheet = (uint)(_sheets.Count - 1);
        var quoted = QuoteSheetName(_sheets[^1].Name);
        _names.Add(new DefinedName(quoted + "!" + Absolute(filterRange)) { Name = "_xlnm._FilterDatabase", LocalSheetId = sheet, Hidden = true });
        // Absolute rows ($1:$3): ClosedXML wrote "1:3", which LibreOffice ignored — its printouts had the header on page 1 only.
        _names.Add(new DefinedName(string.Create(CultureInfo.InvariantCulture, $"{quoted}!${firstTitleRow}:${lastTitleRow}"))
        {
            Name = "_xlnm.Print_Titles", LocalSheetId = sheet,
        });
    }

    public byte[] ToArray()
    {
        if (!_closed)
        {
            WriteWorkbook();
            WriteProperties();
            _document.Dispose();
            _closed = true;
        }

        return _stream.ToArray();
    }

    public void Dispose()
    {
        if (!_closed)
        {
            _document.Dispose();
            _closed = true;
        }

        _stream.Dispose();
    }

    private void WriteWorkbook()
    {
        using var writer = OpenXmlWriter.Create(_workbook);
        writer.WriteStartElement(new Workbook());
        writer.WriteElement(new WorkbookProperties { CodeName = "ThisWorkbook" });
        writer.WriteElement(new BookViews(new WorkbookView { FirstSheet = 0, ActiveTab = 0 }));
        writer.WriteStartElement(new Sheets());
        for (var i = 0; i < _sheets.Count; i++)
        {
            writer.WriteElement(new Sheet { Name = _sheets[i].Name, SheetId = (uint)i + 1, Id = _sheets[i].PartId });
        }

        writer.WriteEndElement();
        writer.WriteElement(new DefinedNames(_names));
        writer.WriteElement(new CalculationProperties { CalculationId = 125725 });
        writer.WriteEndElement();
    }

    private void WriteProperties()
    {
        var part = _document.AddExtendedFilePropertiesPart();
        var titles = new VTVector { BaseType = VectorBaseValues.Lpstr, Size = (uint)_sheets.Count };
        titles.Append(_sheets.Select(s => new VTLPSTR(s.Name)));
        part.Properties = new Properties(
            new Application("Microsoft Excel"),
            new TitlesOfParts(titles),
            new HeadingPairs(new VTVector(
                new Variant(new VTLPSTR("Worksheets")),
                new Variant(new VTInt32(_sheets.Count.ToString(CultureInfo.InvariantCulture))))
            {
                BaseType = VectorBaseValues.Variant, Size = 2,
            }),
            new DocumentSecurity("0"),
            new ScaleCrop("false"));
        part.Properties.Save();
    }

    /// <summary>"A3:O43" as "$A$3:$O$43".</summary>
    private static string Absolute(string range) =>
        string.Join(":", range.Split(':').Select(a => "$" + a[..a.IndexOfAny("0123456789".ToCharArray())] + "$" + a[a.IndexOfAny("0123456789".ToCharArray())..]));

    /// <summary>
    /// A sheet name as a formula reference writes it: in quotes (inner quotes doubled) unless it is a plain name —
    /// ClosedXML 0.95's rule: quoted when it does not start with a letter or '_', or holds punctuation other than
    /// '.' and '_', a separator, a control character or a symbol.
    /// </summary>
    public static string QuoteSheetName(string name)
    {
        var plain = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_')
            && !name.Any(c => (char.IsPunctuation(c) && c != '.' && c != '_') || char.IsSeparator(c) || char.IsControl(c) || char.IsSymbol(c));
        return plain ? name : "'" + name.Replace("'", "''", StringComparison.Ordinal) + "'";
    }
}
