# A second reader for the produced workbooks (not exceljs): openpyxl dumps every sheet as JSON:
# name, merged ranges, frozen cell, and each cell's value (dates as 'YYYY-MM-DD[ HH:MM]'), type and format.
import datetime, json, sys
import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            if isinstance(v, datetime.datetime):
                v = v.strftime('%Y-%m-%d %H:%M') if (v.hour or v.minute) or 'h' in c.number_format else v.strftime('%Y-%m-%d')
            elif isinstance(v, datetime.date):
                v = v.strftime('%Y-%m-%d')
            cells.append({'v': v, 't': c.data_type, 'f': c.number_format})
        rows.append(cells)
    dv = []
    for d in ws.data_validations.dataValidation:
        dv.append({'sqref': str(d.sqref), 'type': d.type, 'formula1': d.formula1})
    out.append({'name': ws.title, 'merged': sorted(str(r) for r in ws.merged_cells.ranges), 'freeze': ws.freeze_panes,
                'rows': rows, 'validations': dv})
json.dump(out, sys.stdout, ensure_ascii=False)
