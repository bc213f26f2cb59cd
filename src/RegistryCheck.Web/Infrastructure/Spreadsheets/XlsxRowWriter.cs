using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace RegistryCheck.Web.Infrastructure.Spreadsheets;

/// <summary>
/// Rows and cells of a sheet written with OpenXmlWriter (SAX): text as inline strings (no shared-string table to
/// build), each cell with its reference and style id, columns numbered from 1 in the order they are written.
/// The formula rule (<see cref="FormulaGuard"/>) is the same as <see cref="TextCell"/>'s: such text gets the style
/// the caller gives for "quoted" (a cell format with quotePrefix); empty text is a blank cell, as ClosedXML wrote it.
/// </summary>
public sealed class XlsxRowWriter(OpenXmlWriter writer)
{
    private static readonly string[] Columns = Enumerable.Range(1, 64).Select(ColumnName).ToArray();

    private string _row = "";
    private int _column;

    public void StartRow(int row, int spanColumns, double? height = null, uint? style = null)
    {
        _row = row.ToString(CultureInfo.InvariantCulture);
        _column = 0;
        var attributes = new List<OpenXmlAttribute>(6)
        {
            new("r", "", _row),
            new("spans", "", "1:" + spanColumns.ToString(CultureInfo.InvariantCulture)),
        };
        if (style is uint s)
        {
            attributes.Add(new("s", "", s.ToString(CultureInfo.InvariantCulture)));
            attributes.Add(new("customFormat", "", "1"));
        }

        if (height is double h)
        {
            attributes.Add(new("ht", "", h.ToString(CultureInfo.InvariantCulture)));
            attributes.Add(new("customHeight", "", "1"));
        }

        writer.WriteStartElement(new Row(), attributes);
    }

    public void EndRow() => writer.WriteEndElement();

    public void Text(string? value, uint style, uint quotedStyle)
    {
        var text = XmlSafe(value ?? "");
        if (text.Length == 0)
        {
            Blank(style);
            return;
        }

        var s = FormulaGuard.LooksLikeFormula(text) ? quotedStyle : style;
        writer.WriteStartElement(new Cell(), [new("r", "", Next()), new("s", "", Style(s)), new("t", "", "inlineStr")]);
        writer.WriteStartElement(new InlineString());
        writer.WriteElement(new Text(text) { Space = SpaceProcessingModeValues.Preserve });
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    public void Number(double value, uint style) => Value(value.ToString(CultureInfo.InvariantCulture), style, "n");

    /// <summary>A date and time as Excel stores it (days since 1899-12-30); the style's number format shows it.</summary>
    public void Date(DateTime local, uint style) => Value(local.ToOADate().ToString(CultureInfo.InvariantCulture), style, null);

    /// <summary>A cell with a style (borders, font) and no value.</summary>
    public void Blank(uint style)
    {
        writer.WriteStartElement(new Cell(), [new("r", "", Next()), new("s", "", Style(style))]);
        writer.WriteEndElement();
    }

    private void Value(string value, uint style, string? type)
    {
        var cell = type is null
            ? new OpenXmlAttribute[] { new("r", "", Next()), new("s", "", Style(style)) }
            : [new("r", "", Next()), new("s", "", Style(style)), new("t", "", type)];
        writer.WriteStartElement(new Cell(), cell);
        writer.WriteElement(new CellValue(value));
        writer.WriteEndElement();
    }

    private string Next() => Columns[_column++] + _row;

    private static string Style(uint style) => style.ToString(CultureInfo.InvariantCulture);

    /// <summary>A1-style column letters: 1 → A, 27 → AA.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        while (index > 0)
        {
            var m = (index - 1) % 26;
            name = (char)('A' + m) + name;
            index = (index - 1) / 26;
        }

        return name;
    }

    /// <summary>
    /// Text as a spreadsheet cell stores it (ST_Xstring): a character XML 1.0 cannot hold (a control character other
    /// than tab and line breaks, a lone surrogate) as _xHHHH_, as ClosedXML wrote it; and a literal "_xHHHH_" with
    /// its underscore escaped (_x005F_) so that Excel shows it as typed (ClosedXML 0.95 did not: it turned a typed
    /// "_x0041_" into "A").
    /// </summary>
    public static string XmlSafe(string value)
    {
        var ok = true;
        for (var i = 0; i < value.Length && ok; i++)
        {
            ok = XmlCharOk(value, i) && !IsEscapeLike(value, i);
        }

        if (ok)
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            if (IsEscapeLike(value, i))
            {
                sb.Append("_x005F_");
            }
            else if (XmlCharOk(value, i))
            {
                sb.Append(value[i]);
            }
            else
            {
                sb.Append("_x").Append(((int)value[i]).ToString("X4", CultureInfo.InvariantCulture)).Append('_');
            }
        }

        return sb.ToString();
    }

    private static bool IsEscapeLike(string s, int i) =>
        s[i] == '_' && i + 6 < s.Length && s[i + 1] == 'x' && char.IsAsciiHexDigit(s[i + 2]) && char.IsAsciiHexDigit(s[i + 3])
        && char.IsAsciiHexDigit(s[i + 4]) && char.IsAsciiHexDigit(s[i + 5]) && s[i + 6] == '_';

    /// <summary>Whether the character at <paramref name="i"/> can stand in XML 1.0 (a surrogate only in its pair).</summary>
    public static bool XmlCharOk(string s, int i)
    {
        var c = s[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return i > 0 && char.IsHighSurrogate(s[i - 1]);
        }

        return c is '\t' or '\n' or '\r' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF);
    }
}
