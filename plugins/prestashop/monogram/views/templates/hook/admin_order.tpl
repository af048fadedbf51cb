{*
 * Back-office order page: what Monogram did with this order's personalised lines.
 *}
<div class="card mt-2" id="monogram-order">
  <div class="card-header">
    <h3 class="card-header-title">{l s='Monogram personalisation' mod='monogram'}</h3>
  </div>
  <div class="card-body">
    {if $monogram.state == 'reported'}
      <p>{l s='Sent to Monogram as' mod='monogram'} <code>{$monogram.monogram_order_id|escape:'html':'UTF-8'}</code></p>
    {elseif $monogram.state == 'pending'}
      <div class="alert alert-warning">
        {l s='Not sent to Monogram yet; the next attempt is due at' mod='monogram'} {$monogram.report.next_attempt_at|escape:'html':'UTF-8'}
        ({l s='attempts so far:' mod='monogram'} {$monogram.report.attempts|intval}).
        {if $monogram.report.last_error}<br><small>{$monogram.report.last_error|escape:'html':'UTF-8'}</small>{/if}
      </div>
    {else}
      <div class="alert alert-danger">
        {if $monogram.state == 'failed'}
          {l s='Monogram refused this order; it will not be retried by itself.' mod='monogram'}
        {else}
          {l s='This order could not be sent to Monogram after several attempts.' mod='monogram'}
        {/if}
        {if $monogram.report.last_error}<br><small>{$monogram.report.last_error|escape:'html':'UTF-8'}</small>{/if}
        <br><a href="{$monogram_configure_url|escape:'html':'UTF-8'}">{l s='Fix the settings and retry it from the module page.' mod='monogram'}</a>
      </div>
    {/if}

    {if $monogram.lines}
      <table class="table">
        <thead>
          <tr>
            <th>{l s='Preview' mod='monogram'}</th>
            <th>{l s='Product' mod='monogram'}</th>
            <th>{l s='Design' mod='monogram'}</th>
            <th>{l s='Line' mod='monogram'}</th>
            <th>{l s='Production job' mod='monogram'}</th>
          </tr>
        </thead>
        <tbody>
          {foreach from=$monogram.lines item=line}
            <tr>
              <td>
                {if $line.preview}
                  <img src="{$line.preview|escape:'html':'UTF-8'}" alt="{$line.design|escape:'html':'UTF-8'}" style="max-width:160px;max-height:160px">
                {else}
                  <span class="text-muted">{l s='No preview' mod='monogram'}</span>
                {/if}
              </td>
              <td>{$line.product|escape:'html':'UTF-8'}</td>
              <td>
                <code>{$line.design|escape:'html':'UTF-8'}</code>
                {if $line.design_version}<br><small>{l s='version' mod='monogram'} {$line.design_version|intval}</small>{/if}
              </td>
              <td>
                {if $line.status == 'flagged'}
                  <span class="badge badge-danger">{l s='flagged' mod='monogram'}</span>
                  {if $line.flag_reason}<br><small>{$line.flag_reason|escape:'html':'UTF-8'}</small>{/if}
                {elseif $line.status == 'accepted'}
                  <span class="badge badge-success">{l s='accepted' mod='monogram'}</span>
                {elseif $line.status}
                  <span class="badge badge-secondary">{$line.status|escape:'html':'UTF-8'}</span>
                {else}
                  <span class="text-muted">{l s='waiting' mod='monogram'}</span>
                {/if}
              </td>
              <td>
                {if $line.job}
                  <code>{$line.job|escape:'html':'UTF-8'}</code>
                  {if $line.job_status}<br><span class="badge badge-info">{$line.job_status|escape:'html':'UTF-8'}</span>{/if}
                  {if $line.tracking}
                    <br><small>
                      {if isset($line.tracking.carrier)}{$line.tracking.carrier|escape:'html':'UTF-8'}{/if}
                      {if isset($line.tracking.url)}
                        <a href="{$line.tracking.url|escape:'html':'UTF-8'}" target="_blank" rel="noopener noreferrer">{if isset($line.tracking.number)}{$line.tracking.number|escape:'html':'UTF-8'}{else}{l s='Tracking' mod='monogram'}{/if}</a>
                      {elseif isset($line.tracking.number)}
                        {$line.tracking.number|escape:'html':'UTF-8'}
                      {/if}
                    </small>
                  {/if}
                {else}
                  <span class="text-muted">—</span>
                {/if}
              </td>
            </tr>
          {/foreach}
        </tbody>
      </table>
    {/if}
  </div>
</div>
