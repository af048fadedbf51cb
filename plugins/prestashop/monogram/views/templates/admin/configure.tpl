{*
 * Settings page, below the form: the addresses to give Monogram and the reports not yet accepted.
 *}
<div class="panel" id="monogram-connect">
  <div class="panel-heading"><i class="icon-link"></i> {l s='Connect Monogram to this shop' mod='monogram'}</div>
  <p>{l s='In the Monogram console, add a webhook endpoint with this address, then paste its signing secret above:' mod='monogram'}</p>
  <pre>{$monogram.webhook_url|escape:'html':'UTF-8'}</pre>
  <p>{l s='Orders Monogram could not receive at checkout are retried by a scheduled task. Run this every 5 minutes from the server crontab:' mod='monogram'}</p>
  <pre>*/5 * * * * {$monogram.cron_command|escape:'html':'UTF-8'}</pre>
  <p>{l s='or, if your host only lets you call a web address:' mod='monogram'}</p>
  <pre>{$monogram.cron_url|escape:'html':'UTF-8'}</pre>
</div>

<div class="panel" id="monogram-reports">
  <div class="panel-heading"><i class="icon-time"></i> {l s='Orders not yet accepted by Monogram' mod='monogram'}</div>
  {if $monogram.reports}
    <table class="table">
      <thead>
        <tr>
          <th>{l s='Order' mod='monogram'}</th>
          <th>{l s='Status' mod='monogram'}</th>
          <th>{l s='Attempts' mod='monogram'}</th>
          <th>{l s='Last error' mod='monogram'}</th>
          <th>{l s='Next attempt' mod='monogram'}</th>
          <th></th>
        </tr>
      </thead>
      <tbody>
        {foreach from=$monogram.reports item=report}
          <tr>
            <td>{$report.id_order|intval}</td>
            <td>
              {if $report.status == 'pending'}
                <span class="label label-warning">{l s='will retry' mod='monogram'}</span>
              {elseif $report.status == 'failed'}
                <span class="label label-danger">{l s='refused' mod='monogram'}</span>
              {else}
                <span class="label label-danger">{l s='given up' mod='monogram'}</span>
              {/if}
            </td>
            <td>{$report.attempts|intval} / {$monogram.max_attempts|intval}</td>
            <td><small>{$report.last_error|escape:'html':'UTF-8'}</small></td>
            <td>{if $report.status == 'pending'}{$report.next_attempt_at|escape:'html':'UTF-8'}{else}—{/if}</td>
            <td class="text-right">
              <a class="btn btn-default" href="{$monogram.configure_url|escape:'html':'UTF-8'}&amp;monogramRetry={$report.id_order|intval}">{l s='Retry now' mod='monogram'}</a>
              <a class="btn btn-default" onclick="return confirm('{l s='Remove this report? The order will not be sent to Monogram.' mod='monogram' js=1}');" href="{$monogram.configure_url|escape:'html':'UTF-8'}&amp;monogramDismiss={$report.id_order|intval}">{l s='Remove' mod='monogram'}</a>
            </td>
          </tr>
        {/foreach}
      </tbody>
    </table>
  {else}
    <p>{l s='Every order has been accepted.' mod='monogram'}</p>
  {/if}
</div>
