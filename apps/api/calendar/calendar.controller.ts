import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { CalendarService } from './calendar.service.js';
import { CalendarWorkdaysResponseDto, OverrideDto, PutOverridesDto, WorkdaysQuery } from './dto/calendar.dto.js';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('workdays')
  @ApiOperation({ summary: 'Working days (工作日) from one date to another, each with why (override, published holiday or 调休, weekday, weekend), and a flag for years not yet published' })
  @ApiOkResponse({ type: CalendarWorkdaysResponseDto })
  workdays(@Query() { from, to }: WorkdaysQuery) {
    return this.calendar.workdays(from, to);
  }

  @Get('overrides')
  @ApiOperation({ summary: "The admins' overrides of the published calendar (日历调整)" })
  @ApiOkResponse({ type: [OverrideDto], description: 'every override, by date' })
  overrides() {
    return this.calendar.overrides();
  }

  @Put('overrides')
  @ApiOperation({ summary: 'Replace the overrides of the published calendar (调整工作日历) (admin, audited): days not listed follow the published calendar' })
  @ApiOkResponse({ type: [OverrideDto], description: 'the overrides now in force, by date' })
  put(@CurrentUser() personId: string, @Body() dto: PutOverridesDto) {
    return this.calendar.putOverrides(personId, dto.overrides);
  }
}
