// Stateless planning previews (docs/user-guide.md "Planning arithmetic"): any signed-in user may compute a
// plan from the figures sent; nothing is read or written. 400 names every field at fault.
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlanPreviewsService } from './plan-previews.service';

const raw = (description: string) => ApiBody({ description, schema: { type: 'object' } });

@ApiTags('planning')
@ApiBearerAuth()
@Controller('planning/preview')
export class PlanPreviewsController {
  constructor(private readonly previews: PlanPreviewsService) {}

  @Post('annual')
  @HttpCode(200)
  @ApiOperation({ summary: 'Annual order / AAK / submission plan (process 1) from the figures sent' })
  @raw(
    '{ year, targets: { orders, aak, submissions }, seasonalIndex: [12], orderConversionRate, licensingRates: rate | ' +
      '[12], openingBacklog, openingPendingSubmissions }',
  )
  annual(@Body() body: unknown) {
    return this.previews.annual(body);
  }

  @Post('rolling')
  @HttpCode(200)
  @ApiOperation({ summary: 'X+Y rolling plan (process 2): actuals of the closed months, the rest re-split' })
  @raw(
    '{ year, month: "YYYY-MM", annualTargets, seasonalIndex: [12], orderConversionRate, licensingRates, actuals: [{ ' +
      'month, orders, aak, submissions }], backlog, pendingSubmissions, nextMonthStock }',
  )
  rolling(@Body() body: unknown) {
    return this.previews.rolling(body);
  }

  @Post('decomposition')
  @HttpCode(200)
  @ApiOperation({ summary: "Next month's targets by model, customer type, channel and consultant (process 3)" })
  @raw(
    '{ month, targets, models: [{ model, haOnHand, stock }], modelWeights?, customerTypeShares: { type: share }, ' +
      'channelShares: { new, repeat }, consultants: [{ consultantId, name?, achievement, haOnHand, ' +
      'remainingOrders }], consultantWeights }',
  )
  decomposition(@Body() body: unknown) {
    return this.previews.decomposition(body);
  }

  @Post('lead')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lead, new H/A and B/C→H/A targets per model (process 4)' })
  @raw('{ models: [{ model, orderTarget, leadCloseRate, haCloseRate, haOnHand, bcOnHand, bcConversionRate }] }')
  lead(@Body() body: unknown) {
    return this.previews.lead(body);
  }

  @Post('weekly')
  @HttpCode(200)
  @ApiOperation({ summary: 'Weekly progress against the pro-rated monthly targets (process 4, every Monday)' })
  @raw('{ workingDaysInMonth, workingDaysElapsed, threshold, lines: [{ key, label?, target, actual }] }')
  weekly(@Body() body: unknown) {
    return this.previews.weekly(body);
  }
}
